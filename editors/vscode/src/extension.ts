// The scaffc extension: starts `scaffc lsp` (the language server built into the scaffc
// binary) for the XML files of the workspace, and restarts it when `scaffc.path` changes.
// All the language features come from the server; this file only starts and stops it.

import { execFile } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';

const SECTION = 'scaffc';
const PATH_SETTING = 'scaffc.path';

let client: LanguageClient | undefined;
let outputChannel: vscode.OutputChannel | undefined;
// Starts, stops and restarts run one after the other, never interleaved.
let queue: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): void {
  // One channel for the extension's whole life, shared by every client it starts, so that
  // a restart does not open a second "scaffc" channel.
  outputChannel = vscode.window.createOutputChannel('scaffc');
  context.subscriptions.push(outputChannel);

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(PATH_SETTING)) {
        enqueue(restart);
      }
    }),
    vscode.commands.registerCommand('scaffc.restartServer', () => enqueue(restart)),
  );

  enqueue(start);
}

export function deactivate(): Thenable<void> {
  return enqueue(stop);
}

function enqueue(operation: () => Promise<void>): Promise<void> {
  queue = queue.then(operation, operation);
  return queue;
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running === undefined) {
    return;
  }
  try {
    await running.dispose();
  } catch {
    // A client whose start failed is not running and cannot be stopped: nothing to do.
  }
}

async function start(): Promise<void> {
  const command = serverCommand();
  log(`Starting "${command} lsp"`);

  // Try the binary first, so that a missing one gets one clear message naming the setting
  // (the client's own message would only say that it could not connect).
  const probe = await probeBinary(command);
  if (probe.startError !== undefined) {
    log(`Cannot start "${command}": ${probe.startError}`);
    void showStartError(
      `scaffc: cannot start "${command}" (${probe.startError}). Install scaffc ` +
        `(cargo install --path . in its repository) or set "${PATH_SETTING}" to the scaffc binary.`,
    );
    return;
  }
  if (probe.version !== undefined) {
    log(probe.version);
  }

  // No `transport` on purpose: the server speaks LSP over stdin/stdout, which is the
  // default, and `transport: TransportKind.stdio` would make the client append a
  // `--stdio` argument to the command line.
  const serverOptions: ServerOptions = {
    command,
    args: ['lsp'],
    options: { cwd: workspaceRoot() },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'xml' }],
    outputChannelName: 'scaffc',
    outputChannel,
  };

  // The id `scaffc` makes the client read its trace level from `scaffc.trace.server`.
  const next = new LanguageClient(SECTION, 'scaffc', serverOptions, clientOptions);
  client = next;
  try {
    await next.start();
  } catch (error) {
    log(`"${command} lsp" did not start: ${describe(error)}`);
    void showStartError(
      `scaffc: "${command} lsp" did not start a language server (${describe(error)}). ` +
        `Check that "${PATH_SETTING}" names a scaffc binary that has the lsp command.`,
    );
  }
}

/** The command from `scaffc.path`: `~` is the home folder, and a relative path holding a
 * folder separator is taken from the first workspace folder. A bare name is looked up on the
 * PATH when the process starts. */
function serverCommand(): string {
  const configured = (vscode.workspace.getConfiguration(SECTION).get<string>('path') ?? '').trim();
  let command = configured === '' ? 'scaffc' : configured;
  if (command === '~' || command.startsWith('~/') || command.startsWith('~\\')) {
    command = path.join(os.homedir(), command.slice(1));
  }
  const root = workspaceRoot();
  if (!path.isAbsolute(command) && /[\\/]/.test(command) && root !== undefined) {
    command = path.resolve(root, command);
  }
  return command;
}

function workspaceRoot(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return folder?.uri.fsPath;
}

interface Probe {
  /** Set when the process could not be started at all (ENOENT, EACCES, ...). */
  startError?: string;
  /** What `--version` printed, when it printed something. */
  version?: string;
}

function probeBinary(command: string): Promise<Probe> {
  return new Promise((resolve) => {
    execFile(command, ['--version'], { timeout: 10_000, windowsHide: true }, (error, stdout) => {
      // A spawn failure carries a string code (ENOENT, EACCES, ...); a non-zero exit or a
      // timeout is left for the language client to report, should `lsp` fail as well.
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (error && typeof code === 'string') {
        resolve({ startError: code === 'ENOENT' ? 'not found' : `${code}: ${error.message}` });
        return;
      }
      const version = stdout.trim();
      resolve(version === '' ? {} : { version });
    });
  });
}

async function showStartError(message: string): Promise<void> {
  const openSettings = 'Open Settings';
  const showOutput = 'Show Output';
  const choice = await vscode.window.showErrorMessage(message, openSettings, showOutput);
  if (choice === openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', PATH_SETTING);
  } else if (choice === showOutput) {
    outputChannel?.show(true);
  }
}

function log(message: string): void {
  outputChannel?.appendLine(`[scaffc] ${message}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
