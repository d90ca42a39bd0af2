/**
 * Custom protocol between the VS Code client and the server, declared once for both sides.
 * Plain constants and types only (no LSP library imports), so the client bundle stays thin.
 */
export namespace DocumentStatusNotification {
  export const method = 'iamPolicy/documentStatus';
  export interface Params {
    uri: string;
    /** Number of policies found in the document. */
    policies: number;
    /** Host format recognised ('json', 'none', …). */
    format: string;
  }
}

export namespace ServerStatusRequest {
  export const method = 'iamPolicy/serverStatus';
  export interface Result {
    version: string;
    dataVersion: string;
    dataDate: string;
  }
}

/** Settings section read through workspace/configuration. */
export const SETTINGS_SECTION = 'iamPolicy';
