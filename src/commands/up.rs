//! `macrame up`: make the host match the file.

use super::{fail, prepare, progress_mode};
use crate::apply::interrupt::{self, OnSignal};
use crate::apply::{Options, Progress, journal, wait};
use crate::cli::UpArgs;
use crate::persist::{self, Desired};
use crate::plan::{self, Action};
use std::process::ExitCode;
use std::time::Duration;

pub async fn run(args: UpArgs) -> ExitCode {
    let topology = match super::load(&args.project) {
        Ok(topology) => topology,
        Err(code) => return code,
    };
    let _lock = match crate::lock::acquire(
        &args.persist.state.state_dir,
        &topology.project.name,
        "up",
        !args.no_wait,
    )
    .await
    {
        Ok(lock) => lock,
        Err(error) => return fail(&error),
    };
    let journal = journal::path(&args.persist.state.state_dir, &topology.project.name);
    interrupt::watch("up", OnSignal::Undo, Some(journal.clone()));
    let progress = Progress::new(progress_mode(args.progress));
    if topology.spans_hosts() {
        return super::nodes::up(&args, topology, &journal, &progress).await;
    }
    let (runtime, _, mut plan) =
        match prepare(topology, args.force, Some((&journal, &progress))).await {
            Ok(prepared) => prepared,
            Err(code) => return code,
        };
    if !args.containers.is_empty() {
        if let Err(message) = super::lifecycle::check_names(&plan.specs, &args.containers) {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
        plan.restrict(&args.containers);
    }
    // Before anything is applied: `--persist networkd` may refuse.
    let persistence = match Desired::new(&plan, &args.persist.settings(&plan.project)) {
        Ok(persistence) => persistence,
        Err(error) => return fail(&error),
    };
    crate::out!("{}", plan::render_human(&plan));
    let wait_timeout = Duration::from_secs(args.wait_timeout);
    if !plan.is_empty() {
        let options = options(&args, journal);
        if let Err(error) = runtime.apply(&plan, options, &progress).await {
            return fail(&error);
        }
        crate::outln!(
            "project {}: up to date ({} created, {} recreated, {} removed)",
            plan.project,
            plan.count(Action::Create),
            plan.count(Action::Recreate),
            plan.count(Action::Remove)
        );
    }
    // Only once the host matches the file: a failed run keeps the last
    // good snapshot.
    match persistence.install() {
        Ok(changes) => crate::out!("{}", persist::render(&changes)),
        Err(error) => return fail(&error),
    }
    if let Some(note) = &persistence.note {
        eprintln!("note: {note}");
    }
    if args.wait
        && let Err(error) = wait::wait_all(&runtime.engine, &progress, &plan, wait_timeout).await
    {
        return fail(&error);
    }
    ExitCode::SUCCESS
}

/// How `up` applies: `journal` is where it keeps its journal.
pub fn options(args: &UpArgs, journal: std::path::PathBuf) -> Options {
    Options {
        parallel: args.parallel,
        keep_on_failure: args.keep_on_failure,
        stop_timeout: args.timeout,
        remove_volumes: false,
        park_removals: true,
        wait_timeout: Duration::from_secs(args.wait_timeout),
        journal: Some(journal),
    }
}
