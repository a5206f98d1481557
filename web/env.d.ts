// Stylesheets imported for their side effect are bundled by esbuild (web/build.mjs).
declare module '*.css';
