// lectern for VS Code: starts `lectern lsp` for plain text, Markdown and speech drafts, and adds
// the commands "Restart Server", "Fix All", "Show Output" and a status-bar item with the active
// document's finding counts. All checking happens in the server; this file only wires it up.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';

const SECTION = 'lectern';
const FIX_ALL_KIND = vscode.CodeActionKind.Source.append('fixAll').append('lectern');
const INSTALL_URL = 'https://github.com/lectern-dev/lectern#install';
const LANGUAGES = ['plaintext', 'markdown', 'speech'];

/** The settings the server understands (section `lectern`); editor-only keys are left out. */
const SERVER_KEYS = [
  'locale',
  'rules',
  'debounceMs',
  'maxDocumentSize',
  'ignorePhrases',
  'speakingRate',
  'targetMinutes',
] as const;

let client: LanguageClient | undefined;
/** Where this extension is installed: a platform package carries the server in `server/`. */
let extensionDir: string | undefined;
let output: vscode.LogOutputChannel;
let statusItem: vscode.StatusBarItem;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionDir = context.extensionPath;
  output = vscode.window.createOutputChannel('lectern', { log: true });
  statusItem = vscode.window.createStatusBarItem('lectern.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'lectern';
  context.subscriptions.push(output, statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand('lectern.restartServer', () => restart()),
    vscode.commands.registerCommand('lectern.fixAll', fixAll),
    vscode.commands.registerCommand('lectern.showOutput', () => output.show(true)),
    vscode.languages.onDidChangeDiagnostics(() => updateStatus()),
    vscode.window.onDidChangeActiveTextEditor(() => updateStatus()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(SECTION)) {
        return;
      }
      if (e.affectsConfiguration(`${SECTION}.server.path`)) {
        await restart();
      } else if (client?.isRunning()) {
        // Push the explicit settings; the server may also pull them with workspace/configuration.
        const settings = explicitSettings(undefined);
        output.info(`lectern: settings changed: ${JSON.stringify(settings)}`);
        await client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { [SECTION]: settings },
        });
      }
    }),
  );

  // Not awaited: a server that hangs before answering `initialize` must not hold up activation
  // (the commands, e.g. Restart Server and Show Output, stay usable).
  void start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

/**
 * Finds the server: the `lectern.server.path` setting, then the binary bundled in a
 * platform-specific package (`server/lectern`), then `PATH`, then `~/.cargo/bin`.
 */
export function findServer(): { path?: string; configured?: string; bundled?: boolean } {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>('server.path', '').trim();
  if (configured) {
    const p = expandPath(configured);
    return { path: isExecutable(p) ? p : undefined, configured: p };
  }
  const exe = process.platform === 'win32' ? 'lectern.exe' : 'lectern';
  if (extensionDir) {
    const bundled = path.join(extensionDir, 'server', exe);
    if (isExecutable(bundled) || makeExecutable(bundled)) {
      return { path: bundled, bundled: true };
    }
  }
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  dirs.push(path.join(os.homedir(), '.cargo', 'bin'));
  for (const dir of dirs) {
    const candidate = path.join(dir, exe);
    if (isExecutable(candidate)) {
      return { path: candidate };
    }
  }
  return {};
}

function expandPath(p: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let out = p.replace(/\$\{workspaceFolder\}/g, folder ?? '');
  if (out === '~' || out.startsWith('~/')) {
    out = path.join(os.homedir(), out.slice(1));
  }
  if (!path.isAbsolute(out) && folder) {
    out = path.join(folder, out);
  }
  return out;
}

/** A bundled binary whose execute bit was lost on the way (some unzip tools drop it). */
function makeExecutable(p: string): boolean {
  if (process.platform === 'win32') {
    return false;
  }
  try {
    if (!fs.statSync(p).isFile()) {
      return false;
    }
    fs.chmodSync(p, 0o755);
    return isExecutable(p);
  } catch {
    return false;
  }
}

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(p, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The `lectern` settings the user set explicitly (user, workspace or folder), most specific
 * winning; `rules` merged across levels. Defaults are left out so that `lectern.toml` applies.
 */
export function explicitSettings(scope: vscode.Uri | undefined): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration(SECTION, scope);
  const out: Record<string, unknown> = {};
  for (const key of SERVER_KEYS) {
    const i = cfg.inspect<unknown>(key);
    if (!i) {
      continue;
    }
    const levels = [i.globalValue, i.workspaceValue, i.workspaceFolderValue].filter((v) => v !== undefined);
    if (levels.length === 0) {
      continue;
    }
    if (key === 'rules') {
      out[key] = Object.assign({}, ...levels.filter((v) => typeof v === 'object' && v !== null));
    } else {
      const v = levels[levels.length - 1];
      if (v !== null) {
        out[key] = v;
      }
    }
  }
  return out;
}

async function start(): Promise<void> {
  const found = findServer();
  if (!found.path) {
    const msg = found.configured
      ? vscode.l10n.t('lectern: the server binary {0} does not exist or is not executable.', found.configured)
      : vscode.l10n.t('lectern: the server binary was not found.');
    output.appendLine(`${msg} ${INSTALL_URL}`);
    setStatus('stopped');
    void showStartError(msg);
    return;
  }
  output.appendLine(`lectern: starting ${found.path} lsp${found.bundled ? ' (bundled with the extension)' : ''}`);

  const serverOptions: ServerOptions = {
    // No `transport`: the client would append `--stdio`; `lectern lsp` speaks stdio anyway.
    command: found.path,
    args: ['lsp'],
    options: { env: { ...process.env, RUST_BACKTRACE: '1' } },
  };
  const selector = LANGUAGES.flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    outputChannel: output,
    initializationOptions: explicitSettings(undefined),
    middleware: {
      workspace: {
        // Answer `workspace/configuration` for section `lectern` with the explicit settings only.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) {
            return result;
          }
          const answer = params.items.map((item, i) =>
            item.section === SECTION
              ? explicitSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
              : result[i],
          );
          output.debug(`lectern: workspace/configuration answered ${JSON.stringify(answer)}`);
          return answer;
        },
      },
    },
  };

  client = new LanguageClient('lectern', 'lectern', serverOptions, clientOptions);
  client.onDidChangeState((e) => {
    if (e.newState === State.Running) {
      setStatus('running');
    } else if (e.newState === State.Starting) {
      setStatus('starting');
    } else {
      setStatus('stopped');
    }
  });
  setStatus('starting');
  try {
    await client.start();
  } catch (err) {
    const msg = vscode.l10n.t('lectern: the server could not start: {0}', String(err));
    output.appendLine(msg);
    setStatus('stopped');
    void showStartError(msg);
  }
}

async function showStartError(msg: string): Promise<void> {
  const install = vscode.l10n.t('Install lectern');
  const settings = vscode.l10n.t('Open Settings');
  const show = vscode.l10n.t('Show Output');
  const choice = await vscode.window.showErrorMessage(msg, install, settings, show);
  if (choice === install) {
    await vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
  } else if (choice === settings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.server.path`);
  } else if (choice === show) {
    output.show(true);
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(5000);
    } catch (err) {
      output.appendLine(`lectern: stopping the server: ${String(err)}`);
    }
    await c.dispose();
  }
}

async function restart(): Promise<void> {
  output.appendLine('lectern: restarting the server');
  await stop();
  await start();
}

/** Applies `source.fixAll.lectern` to the active document. */
async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !LANGUAGES.includes(editor.document.languageId)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('lectern: open a text or Markdown document first.'));
    return;
  }
  const doc = editor.document;
  const range = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      range,
      FIX_ALL_KIND.value,
    )) ?? [];
  let applied = 0;
  for (const action of actions) {
    if (action.kind && FIX_ALL_KIND.contains(action.kind) && action.edit) {
      if (await vscode.workspace.applyEdit(action.edit)) {
        applied++;
      }
    }
  }
  if (applied === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('lectern: nothing to fix.'));
  } else {
    output.appendLine(vscode.l10n.t('lectern: applied {0} fix(es).', applied));
  }
}

type ServerStatus = 'starting' | 'running' | 'stopped';
let serverStatus: ServerStatus = 'starting';

function setStatus(s: ServerStatus): void {
  serverStatus = s;
  updateStatus();
}

/** The status-bar item: counts of the active document's lectern findings by severity. */
function updateStatus(): void {
  if (!statusItem) {
    return;
  }
  const editor = vscode.window.activeTextEditor;
  if (serverStatus === 'stopped') {
    statusItem.text = '$(circle-slash) lectern';
    statusItem.tooltip = vscode.l10n.t('lectern server is not running — click to show the output');
    statusItem.command = 'lectern.showOutput';
    statusItem.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    statusItem.show();
    return;
  }
  statusItem.backgroundColor = undefined;
  if (serverStatus === 'starting') {
    statusItem.text = '$(sync~spin) lectern';
    statusItem.tooltip = vscode.l10n.t('lectern server is starting');
    statusItem.command = 'lectern.showOutput';
    statusItem.show();
    return;
  }
  if (!editor || !LANGUAGES.includes(editor.document.languageId)) {
    statusItem.hide();
    return;
  }
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of vscode.languages.getDiagnostics(editor.document.uri)) {
    if (d.source !== 'lectern') {
      continue;
    }
    if (d.severity === vscode.DiagnosticSeverity.Error) {
      errors++;
    } else if (d.severity === vscode.DiagnosticSeverity.Warning) {
      warnings++;
    } else {
      infos++;
    }
  }
  statusItem.text =
    errors + warnings + infos === 0
      ? '$(check) lectern'
      : `lectern $(error) ${errors} $(warning) ${warnings} $(info) ${infos}`;
  statusItem.tooltip = [
    errors + warnings + infos === 0
      ? vscode.l10n.t('lectern: no findings')
      : vscode.l10n.t('lectern: {0} error(s), {1} warning(s), {2} info', errors, warnings, infos),
    vscode.l10n.t('Click to open the Problems panel'),
  ].join('\n');
  statusItem.command = 'workbench.actions.view.problems';
  statusItem.show();
}
