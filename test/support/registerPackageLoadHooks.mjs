// `node --import ./test/support/registerPackageLoadHooks.mjs …`: see packageLoadHooks.mjs.
import { register } from 'node:module';

register('./packageLoadHooks.mjs', import.meta.url);
