//! What streams from a container: its logs, and a command run in it.

use super::Engine;
use crate::error::{Error, Object, Operation, Result};
use bollard::container::LogOutput;
use bollard::exec::{CreateExecOptions, ResizeExecOptions, StartExecResults};
use futures::{Stream, StreamExt};
use std::pin::Pin;
use tokio::io::AsyncWrite;

pub type Output = Pin<Box<dyn Stream<Item = Result<LogOutput>> + Send>>;

/// A command started in a container: what it prints, and its stdin.
pub struct Attached {
    pub id: String,
    pub output: Output,
    pub input: Pin<Box<dyn AsyncWrite + Send>>,
}

impl Engine {
    /// A container's logs: the last `tail` lines (all with `None`), then,
    /// with `follow`, what it prints until it stops.
    pub fn logs(&self, name: &str, id: &str, follow: bool, tail: Option<usize>) -> Output {
        let tail = tail.map_or_else(|| "all".to_string(), |n| n.to_string());
        let options = bollard::query_parameters::LogsOptionsBuilder::new()
            .follow(follow)
            .stdout(true)
            .stderr(true)
            .tail(&tail)
            .build();
        let object = Object::container(name);
        self.docker
            .logs(id, Some(options))
            .map(move |item| item.map_err(Error::docker(object.clone(), Operation::ReadLogs)))
            .boxed()
    }

    /// Runs `command` in a running container, attached.
    pub async fn exec(
        &self,
        name: &str,
        id: &str,
        command: &[String],
        tty: bool,
    ) -> Result<Attached> {
        let object = Object::container(name);
        let created = self
            .docker
            .create_exec(
                id,
                CreateExecOptions {
                    attach_stdin: Some(true),
                    attach_stdout: Some(true),
                    attach_stderr: Some(true),
                    tty: Some(tty),
                    cmd: Some(command.to_vec()),
                    ..Default::default()
                },
            )
            .await
            .map_err(Error::docker(&object, Operation::Exec))?;
        let options = bollard::exec::StartExecOptions {
            detach: false,
            tty,
            output_capacity: None,
        };
        match self
            .docker
            .start_exec(&created.id, Some(options))
            .await
            .map_err(Error::docker(&object, Operation::Exec))?
        {
            StartExecResults::Attached { output, input } => Ok(Attached {
                id: created.id,
                output: output
                    .map(move |item| item.map_err(Error::docker(object.clone(), Operation::Exec)))
                    .boxed(),
                input,
            }),
            StartExecResults::Detached => Err(Error::cannot(
                &object,
                Operation::Exec,
                "the engine did not attach to the command",
            )),
        }
    }

    pub async fn resize_exec(&self, id: &str, height: u16, width: u16) {
        let _ = self
            .docker
            .resize_exec(id, ResizeExecOptions { height, width })
            .await;
    }

    /// The command's exit status, once it has ended: just after its
    /// output closes, the engine may not have recorded it yet.
    pub async fn exec_status(&self, name: &str, id: &str) -> Result<i64> {
        for _ in 0..100 {
            let inspect = self
                .docker
                .inspect_exec(id)
                .await
                .map_err(Error::docker(Object::container(name), Operation::Exec))?;
            if inspect.running != Some(true)
                && let Some(code) = inspect.exit_code
            {
                return Ok(code);
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        Err(Error::State {
            object: Object::container(name),
            problem: "the command's output ended, but the engine reports no exit status".into(),
        })
    }
}
