declare const __TOOL_VERSION__: string | undefined;

/** The tool's version, injected by the build (scripts/build.mjs). */
export const TOOL_VERSION: string = typeof __TOOL_VERSION__ === 'string' ? __TOOL_VERSION__ : '0.0.0-dev';
