//! `macrame restore`: a project's snapshot applied again (at boot).

use super::args::{StateArgs, project_arg};
use super::{connect, fail};
use crate::error::{Error, Object};
use crate::persist::{Snapshot, restore};
use std::process::ExitCode;
use std::time::Duration;

pub async fn run(args: RestoreArgs) -> ExitCode {
    let snapshot = match Snapshot::load(&args.state.state_dir, &args.project) {
        Ok(Some(snapshot)) => snapshot,
        Ok(None) => {
            return fail(&Error::State {
                object: Object::Project(args.project.clone()),
                problem: format!(
                    "no snapshot in {}; `macrame up` keeps one (unless --no-persist)",
                    args.state.state_dir.display()
                ),
            });
        }
        Err(error) => return fail(&error),
    };
    if !snapshot.persistent {
        return fail(&Error::State {
            object: Object::Project(args.project.clone()),
            problem: "its last `up` was --no-persist, so there is nothing to restore; `macrame up` without it makes the project persistent".into(),
        });
    }
    if !args.containers {
        let host = match crate::host::Host::connect() {
            Ok(host) => host,
            Err(error) => return fail(&error),
        };
        return match restore::host_side(&snapshot, &host).await {
            Ok(done) => {
                for waiting in &done.waiting {
                    crate::outln!(
                        "note: {waiting}: its parent is not there yet; restored when it comes"
                    );
                }
                crate::outln!(
                    "project {}: host side restored ({} made{}{})",
                    snapshot.project,
                    done.made.len(),
                    if done.made.is_empty() { "" } else { ": " },
                    done.made.join(", ")
                );
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error),
        };
    }
    let runtime = match connect().await {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    match restore::containers(&snapshot, &runtime, Duration::from_secs(args.timeout)).await {
        Ok(done) => {
            for note in &done.notes {
                crate::outln!("note: {note}");
            }
            crate::outln!(
                "project {}: containers converged ({} started, {} routed, {} checked)",
                snapshot.project,
                done.started.len(),
                done.routed.len(),
                snapshot.containers.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The project, as `up` named it.
    #[arg(value_name = "PROJECT", value_parser = project_arg)]
    pub project: String,

    /// The step after Docker has started: start the containers the engine
    /// leaves stopped, set the default routes, verify.
    #[arg(long)]
    pub containers: bool,

    /// Seconds to wait for the engine to restart its containers.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,

    #[command(flatten)]
    pub state: StateArgs,
}
