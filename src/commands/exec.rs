//! `macrame exec CONTAINER COMMAND...`: a command in one of the file's
//! running containers, with a terminal when macrame has one, exiting with
//! the command's status, as `docker compose exec`.

use super::args::ProjectArgs;
use super::fail;
use super::lifecycle::{connect_listing, find, load_specs, select};
use crate::error::{Error, Object};
use futures::StreamExt;
use std::io::{IsTerminal, Write};
use std::os::fd::AsFd;
use std::process::ExitCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  macrame exec dns sh                     a shell in dns (a terminal when on one)
  macrame exec web ip route               web's routes, as its kernel has them
  echo hi | macrame exec -T web cat       stdin passed, no terminal")]
pub struct ExecArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// No terminal, even when macrame runs on one.
    #[arg(short = 'T', long = "no-tty")]
    pub no_tty: bool,

    /// The container of the file.
    #[arg(value_name = "CONTAINER")]
    pub container: String,

    /// The command and its arguments.
    #[arg(
        value_name = "COMMAND",
        required = true,
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub command: Vec<String>,
}

/// The terminal in raw mode while the command runs; restored on drop.
struct RawTerminal(nix::sys::termios::Termios);

impl RawTerminal {
    fn enter() -> Option<RawTerminal> {
        use nix::sys::termios::{SetArg, cfmakeraw, tcgetattr, tcsetattr};
        let stdin = std::io::stdin();
        let saved = tcgetattr(stdin.as_fd()).ok()?;
        let mut raw = saved.clone();
        cfmakeraw(&mut raw);
        tcsetattr(stdin.as_fd(), SetArg::TCSANOW, &raw).ok()?;
        Some(RawTerminal(saved))
    }
}

impl Drop for RawTerminal {
    fn drop(&mut self) {
        use nix::sys::termios::{SetArg, tcsetattr};
        let _ = tcsetattr(std::io::stdin().as_fd(), SetArg::TCSANOW, &self.0);
    }
}

pub async fn run(args: ExecArgs) -> ExitCode {
    let names = std::slice::from_ref(&args.container);
    let specs = match load_specs(&args.project, names) {
        Ok(specs) => specs,
        Err(code) => return code,
    };
    let spec = select(&specs, names)[0];
    let (runtime, existing) = match connect_listing().await {
        Ok(connected) => connected,
        Err(code) => return code,
    };
    let container = match find(&existing, &specs.project, spec) {
        Ok(container) if container.running => container,
        Ok(_) => {
            return fail(&Error::State {
                object: Object::container(&spec.name),
                problem: format!("is not running: `macrame start {}` starts it", spec.name),
            });
        }
        Err(error) => return fail(&error),
    };
    let tty = !args.no_tty && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let engine = &runtime.engine;
    let attached = match engine
        .exec(&spec.name, &container.id, &args.command, tty)
        .await
    {
        Ok(attached) => attached,
        Err(error) => return fail(&error),
    };
    let raw = if tty { RawTerminal::enter() } else { None };
    if tty && let Some((rows, columns)) = crate::terminal::size() {
        engine.resize_exec(&attached.id, rows, columns).await;
    }
    let mut input = attached.input;
    // Stdin is copied on a task of its own: the command may end without
    // reading it all.
    let feeder = tokio::spawn(async move {
        let mut stdin = tokio::io::stdin();
        let mut buffer = [0u8; 4096];
        loop {
            match stdin.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if input.write_all(&buffer[..n]).await.is_err() {
                        break;
                    }
                }
            }
        }
        let _ = input.shutdown().await;
    });
    let mut output = attached.output;
    while let Some(item) = output.next().await {
        match item {
            Ok(bollard::container::LogOutput::StdErr { message }) => {
                let _ = std::io::stderr().write_all(&message);
            }
            Ok(other) => {
                let mut stdout = std::io::stdout().lock();
                let _ = stdout.write_all(&other.into_bytes());
                let _ = stdout.flush();
            }
            Err(error) => {
                drop(raw);
                return fail(&error);
            }
        }
    }
    feeder.abort();
    drop(raw);
    match engine.exec_status(&spec.name, &attached.id).await {
        Ok(status) => ExitCode::from(u8::try_from(status).unwrap_or(1)),
        Err(error) => fail(&error),
    }
}
