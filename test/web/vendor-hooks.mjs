// vendor-hooks.mjs — module resolution hooks (node:module register) that let node import the web
// UI's own modules: the bare specifiers the browser resolves through the import map in
// web/index.html are resolved here to the same files the binary serves under /vendor/ (the
// WEB_VENDOR list of the Makefile, pinned in package-lock.json).

const ROOT = new URL('../../node_modules/', import.meta.url);
const VENDOR = {
    vue: 'vue/dist/vue.esm-browser.prod.js',
    'element-plus': 'element-plus/dist/index.full.min.mjs',
    'element-plus/locale/zh-cn': 'element-plus/dist/locale/zh-cn.min.mjs',
    'element-plus/locale/en': 'element-plus/dist/locale/en.min.mjs',
};

export async function resolve(specifier, context, next) {
    if (Object.hasOwn(VENDOR, specifier)) {
        return { url: new URL(VENDOR[specifier], ROOT).href, shortCircuit: true };
    }
    return next(specifier, context);
}
