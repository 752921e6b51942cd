// The macrame extension: starts `macrame lsp` (the language server, LSP over
// stdio) for macrame topology files. Highlighting comes from the TextMate
// grammar in syntaxes/; everything else (diagnostics, hover, completion,
// go to definition, references, outline, formatting) from the server.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let outputChannel;

/** The configured binary, with a leading `~` expanded. */
function configuredPath() {
  const configured = vscode.workspace.getConfiguration('macrame').get('path');
  let command = typeof configured === 'string' && configured.trim() !== '' ? configured.trim() : 'macrame';
  if (command === '~' || command.startsWith('~/') || command.startsWith('~\\')) {
    command = path.join(os.homedir(), command.slice(1));
  }
  return command;
}

function isExecutableFile(file) {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `command` names an executable: a path (absolute or relative to the
 * workspace folder), or a name looked up on PATH as the OS would.
 */
function findExecutable(command) {
  const extensions =
    process.platform === 'win32'
      ? ['', ...(process.env.PATHEXT || '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)]
      : [''];
  const candidates = [];
  if (command.includes('/') || command.includes('\\')) {
    if (path.isAbsolute(command)) {
      candidates.push(command);
    } else {
      const folder = vscode.workspace.workspaceFolders?.[0];
      candidates.push(path.resolve(folder && folder.uri.scheme === 'file' ? folder.uri.fsPath : process.cwd(), command));
    }
  } else {
    for (const dir of (process.env.PATH || '').split(path.delimiter)) {
      if (dir) {
        candidates.push(path.join(dir, command));
      }
    }
  }
  for (const candidate of candidates) {
    for (const ext of extensions) {
      if (isExecutableFile(candidate + ext)) {
        return candidate + ext;
      }
    }
  }
  return undefined;
}

function reportStartFailure(command, detail) {
  const message =
    `macrame: could not start the language server \`${command} lsp\`` +
    (detail ? ` (${detail})` : '') +
    '. Install macrame, or set `macrame.path` to the macrame binary.';
  vscode.window.showErrorMessage(message, 'Open Settings').then((choice) => {
    if (choice === 'Open Settings') {
      vscode.commands.executeCommand('workbench.action.openSettings', 'macrame.path');
    }
  });
}

async function startClient() {
  const command = configuredPath();
  const resolved = findExecutable(command);
  if (resolved === undefined) {
    reportStartFailure(command, 'not found or not executable');
    return;
  }

  // `transport` is deliberately left out: it defaults to stdio, whereas
  // `TransportKind.stdio` would make the client append `--stdio` to the
  // arguments, which `macrame lsp` does not take.
  const serverOptions = { command: resolved, args: ['lsp'] };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'macrame' },
      { scheme: 'untitled', language: 'macrame' },
    ],
    outputChannel,
  };

  const candidate = new LanguageClient('macrame', 'macrame', serverOptions, clientOptions);
  try {
    await candidate.start();
    client = candidate;
  } catch (error) {
    reportStartFailure(command, error instanceof Error ? error.message : String(error));
  }
}

async function stopClient() {
  const running = client;
  client = undefined;
  if (running !== undefined && running.isRunning()) {
    try {
      await running.stop();
    } catch {
      // Already gone: nothing to stop.
    }
  }
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  outputChannel = vscode.window.createOutputChannel('macrame');
  context.subscriptions.push(outputChannel);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('macrame.path')) {
        await stopClient();
        await startClient();
      }
    }),
  );
  await startClient();
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate };
