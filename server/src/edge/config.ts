/**
 * A document's settings at the LSP edge: the editor's (workspace/configuration per document, with a
 * time-out, else initializationOptions / didChangeConfiguration) combined with the project's
 * `.iampolicylintrc.json` (projectConfig.ts; the editor's own settings win).
 */
import { fileURLToPath } from 'url';
import { DidChangeWatchedFilesNotification, type ClientCapabilities, type FileEvent } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, settingsFrom, type ServerSettings } from '../settings';
import { CONFIG_FILE, ConfigError, ConfigResolver, configIgnores, settingsFor } from '../projectConfig';
import { SETTINGS_SECTION } from '../protocol';
import type { Connection } from './connection';
import type { ErrorLog } from './handlers';

/** How long a workspace/configuration request may stay unanswered before the defaults are used. */
export const CONFIGURATION_TIMEOUT_MS = 2000;

export interface EdgeSettingsHost {
  connection: Connection;
  logError: ErrorLog;
  /** Whether the document is open (a late configuration answer is kept only for an open one). */
  isOpen(uri: string): boolean;
  /** Validates the document again: its settings became known late. */
  revalidate(uri: string): void;
}

export class EdgeSettings {
  private hasConfigurationCapability = false;
  private watchConfigFiles = false;
  /** initializationOptions / didChangeConfiguration: the fallback when workspace/configuration has nothing. */
  private global: ServerSettings = DEFAULT_SETTINGS;
  private readonly perDocument = new Map<string, Promise<ServerSettings>>();
  /** Set when the client let a configuration request time out: stop asking (and waiting) until it answers one. */
  private unanswered = false;
  // The nearest config file above a document gives its rules, policy types, ignore globs and Sid
  // suppressions, so the editor and CI agree. Cached per folder, cleared when the client reports a
  // config file changed (a watcher registered when it can).
  private readonly projectConfigs = new ConfigResolver();
  private readonly brokenConfigsLogged = new Set<string>();

  constructor(private readonly host: EdgeSettingsHost) {}

  /** From the initialize request: the client's capabilities and initializationOptions. */
  initialize(caps: ClientCapabilities, init: Record<string, unknown>): void {
    this.hasConfigurationCapability = !!caps.workspace?.configuration;
    this.watchConfigFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    // `{settings: {…}}`, `{settings: {iamPolicy: {…}}}`, `{iamPolicy: {…}}` or the settings themselves.
    this.global = settingsFrom(init, DEFAULT_SETTINGS);
  }

  /** After `initialized`: watch the project config files when the client can. */
  registerWatcher(): void {
    if (!this.watchConfigFiles) return;
    void this.host.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE}` }] }).catch((err: unknown) => this.host.logError('registerWatcher', err));
  }

  /** didChangeConfiguration. */
  changed(settings: unknown): void {
    this.perDocument.clear();
    // Wrapped in `iamPolicy` or not; kept as the fallback when workspace/configuration has nothing.
    // A payload without settings (VS Code's, with workspace/configuration) keeps what we had.
    this.global = settingsFrom(settings, this.hasConfigurationCapability ? this.global : DEFAULT_SETTINGS);
  }

  /** didChangeWatchedFiles: true when a project config file changed (its cache is then dropped). */
  configFilesChanged(changes: readonly FileEvent[]): boolean {
    if (!changes.some((c) => c.uri.endsWith(`/${CONFIG_FILE}`))) return false;
    this.projectConfigs.clear();
    this.brokenConfigsLogged.clear();
    return true;
  }

  /** Forgets a closed document's settings. */
  forget(uri: string): void {
    this.perDocument.delete(uri);
  }

  /** Documents whose editor settings are cached (cacheStats). */
  get size(): number {
    return this.perDocument.size;
  }

  /** The document's settings: the editor's, then its project config file's. */
  async get(uri: string): Promise<ServerSettings> {
    const editor = await this.editor(uri);
    if (!uri.startsWith('file:')) return editor;
    try {
      const file = fileURLToPath(uri);
      const loaded = this.projectConfigs.forFile(file);
      if (loaded instanceof ConfigError) {
        if (!this.brokenConfigsLogged.has(loaded.message)) this.host.connection.console.warn(`configuration file not used: ${loaded.message}`);
        this.brokenConfigsLogged.add(loaded.message);
        return editor;
      }
      if (!loaded) return editor;
      if (configIgnores(loaded, file)) return { ...editor, enable: false };
      return { ...editor, ...settingsFor(loaded, file, editor) } as ServerSettings;
    } catch (err) {
      this.host.logError('projectConfig', err);
      return editor;
    }
  }

  private editor(uri: string): Promise<ServerSettings> {
    if (!this.hasConfigurationCapability || this.unanswered) return Promise.resolve(this.global);
    let s = this.perDocument.get(uri);
    if (!s) {
      // A client with nothing under `iamPolicy` (Neovim when the settings came in initializationOptions
      // or unwrapped) answers null: the settings from the other channels stay.
      const asked = this.host.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(
        (raw) => settingsFrom(raw, this.global),
        (err) => {
          this.host.logError('getConfiguration', err);
          return DEFAULT_SETTINGS;
        },
      );
      const entry: Promise<ServerSettings> = new Promise((resolve) => {
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          if (this.perDocument.get(uri) === entry) this.perDocument.delete(uri);
          if (!this.unanswered) {
            this.unanswered = true;
            this.host.connection.console.warn(`workspace/configuration unanswered after ${CONFIGURATION_TIMEOUT_MS} ms: using default settings until the client answers`);
          }
          resolve(this.global);
        }, CONFIGURATION_TIMEOUT_MS);
        void asked.then((settings) => {
          clearTimeout(timer);
          if (!timedOut) return resolve(settings);
          // A late answer: the client does answer after all. Use it from now on.
          this.unanswered = false;
          if (!this.host.isOpen(uri)) return;
          this.perDocument.set(uri, Promise.resolve(settings));
          this.host.revalidate(uri);
        });
      });
      s = entry;
      this.perDocument.set(uri, s);
    }
    return s;
  }
}
