//! `macrame down`: remove everything the project owns, and nothing else.

use super::args::{ProgressFormat, ProjectArgs, StateArgs};
use super::nodes::{members, recover};
use super::{connect, fail, progress_mode, project_name, recover_run};
use crate::apply::interrupt::{self, OnSignal};
use crate::apply::{Options, Progress, journal};
use crate::cluster::{self, Member};
use crate::error::Error;
use crate::model::Topology;
use crate::persist::{self, FileChange, Snapshot};
use crate::plan;
use std::process::ExitCode;

pub async fn run(args: DownArgs) -> ExitCode {
    let project = project_name(&args.project);
    // A dry run changes nothing: it need not wait for a run that does.
    let _lock = if args.dry_run {
        None
    } else {
        match crate::lock::acquire(&args.state.state_dir, &project, "down", !args.no_wait).await {
            Ok(lock) => Some(lock),
            Err(error) => return fail(&error),
        }
    };
    let journal = journal::path(&args.state.state_dir, &project);
    let progress = Progress::new(progress_mode(args.progress));
    if !args.dry_run {
        interrupt::watch("down", OnSignal::Finish, Some(journal.clone()));
    }
    if let Some(topology) = super::nodes::file_nodes(&args.project) {
        return on_nodes(&args, topology, &journal, &progress).await;
    }
    let runtime = match connect().await {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    // A dry run only says that a run did not finish.
    if args.dry_run {
        note_unfinished(&journal);
    } else if let Err(code) = recover_run(&runtime, &journal, &project, &progress).await {
        return code;
    }
    let observed = match runtime.observe(&project, &[]).await {
        Ok(observed) => observed,
        Err(error) => return fail(&error),
    };
    let plan = match plan::teardown_with(&project, &observed, args.volumes, args.force) {
        Ok(plan) => plan,
        Err(refusals) => return fail(&crate::error::Error::Refused(refusals)),
    };
    crate::out!("{}", plan::render_human(&plan));
    let snapshot = match Snapshot::load(&args.state.state_dir, &project) {
        Ok(snapshot) => snapshot,
        Err(error) => return fail(&error),
    };
    if args.dry_run {
        if let Some(snapshot) = &snapshot {
            let mut files = snapshot.files.clone();
            files.push(Snapshot::path(&args.state.state_dir, &project));
            crate::out!("{}", persist::render(&removals(files)));
        }
        return ExitCode::SUCCESS;
    }
    if plan.is_empty() {
        return uninstall(&args, &project);
    }
    match runtime
        .apply(&plan, options(&args, journal), &progress)
        .await
    {
        Ok(()) => {
            crate::outln!("project {project}: down ({} removed)", plan.changes.len());
            uninstall(&args, &project)
        }
        Err(error) => fail(&error),
    }
}

/// After the objects: the units, files and snapshot `up` installed. A
/// failed teardown keeps them, so that what is left still comes back.
fn uninstall(args: &DownArgs, project: &str) -> ExitCode {
    let reload = persist::systemd::running();
    match persist::uninstall(&args.state.state_dir, project, reload) {
        Ok(removed) => {
            let removals: Vec<persist::FileChange> = removed
                .into_iter()
                .map(|path| persist::FileChange {
                    action: crate::plan::Action::Remove,
                    path,
                    cause: "macrame down",
                })
                .collect();
            crate::out!("{}", persist::render(&removals));
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

fn removals(paths: Vec<std::path::PathBuf>) -> Vec<FileChange> {
    paths
        .into_iter()
        .map(|path| FileChange {
            action: plan::Action::Remove,
            path,
            cause: "macrame down",
        })
        .collect()
}

/// How `down` applies: `journal` is where it keeps its journal.
pub fn options(args: &DownArgs, journal: std::path::PathBuf) -> Options {
    Options {
        parallel: args.parallel,
        keep_on_failure: false,
        stop_timeout: args.timeout,
        remove_volumes: args.volumes,
        park_removals: false,
        journal: Some(journal),
        ..Options::default()
    }
}

/// Says that the project's last run did not finish (on this host, or on
/// a node of a file of several hosts), for a command that changes
/// nothing: the next `up` or `down` repairs it.
pub fn note_unfinished(journal: &std::path::Path) {
    let node_journals = journal
        .parent()
        .and_then(|dir| std::fs::read_dir(dir).ok())
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "journal"));
    for path in std::iter::once(journal.to_path_buf())
        .filter(|path| path.exists())
        .chain(node_journals)
    {
        eprintln!(
            "note: the project's last run did not finish (its journal {} is there): the next `macrame up` or `macrame down` repairs what it left first",
            path.display()
        );
    }
}

#[derive(Debug, clap::Args)]
pub struct DownArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    #[command(flatten)]
    pub state: StateArgs,

    /// Show what would be removed, and remove nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Remove the containers' volumes too (kept by default, as in Compose).
    #[arg(short = 'v', long)]
    pub volumes: bool,

    /// Remove even a vlan or shim that holds the host's own addresses (its
    /// way out may go with it): echoed as a warning.
    #[arg(long)]
    pub force: bool,

    /// At most this many removals at once (stops wait out their timeout
    /// side by side, as in Compose).
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub parallel: usize,

    /// Seconds a container gets to stop (after SIGTERM) before it is killed.
    #[arg(short = 't', long, value_name = "SECONDS", default_value_t = 10)]
    pub timeout: u32,

    /// How to show progress (on stderr).
    #[arg(long, value_enum, default_value_t = ProgressFormat::Auto)]
    pub progress: ProgressFormat,

    /// Fail at once when another `up` or `down` of the project runs,
    /// instead of waiting for it.
    #[arg(long)]
    pub no_wait: bool,
}

pub(super) async fn on_nodes(
    args: &DownArgs,
    topology: Topology,
    journal: &std::path::Path,
    progress: &Progress,
) -> ExitCode {
    let members = match members(&topology).await {
        Ok(members) => members,
        Err(code) => return code,
    };
    if !args.dry_run
        && let Err(code) = recover(&members, journal, &topology.project.name, progress).await
    {
        return code;
    }
    if args.dry_run {
        for member in &members {
            let project = &topology.project.name;
            let observed = match member.runtime.observe(project, &[]).await {
                Ok(observed) => observed,
                Err(error) => return fail(&Error::on_node(&member.name)(error)),
            };
            match crate::plan::teardown_with(project, &observed, args.volumes, args.force) {
                Ok(plan) => {
                    for line in crate::plan::render_human(&plan).lines() {
                        crate::outln!("[{}] {line}", member.name);
                    }
                }
                Err(refusals) => {
                    return fail(&Error::on_node(&member.name)(Error::Refused(refusals)));
                }
            }
        }
        let refs: Vec<&Member> = members.iter().collect();
        match cluster::swarm::leftovers(&refs, &topology.project.name).await {
            Ok(lines) => {
                for line in lines {
                    crate::outln!("{line}");
                }
            }
            Err(error) => return fail(&error),
        }
        return ExitCode::SUCCESS;
    }
    let options = options(args, journal.to_path_buf());
    match cluster::teardown(&members, args.volumes, args.force, options, progress).await {
        Ok(removed) => {
            crate::outln!(
                "project {}: down on {} nodes ({removed} removed)",
                topology.project.name,
                members.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}
