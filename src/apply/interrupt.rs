//! Ctrl-C and SIGTERM during a run. The first one stops `up` from
//! starting another step: the steps under way end, then the run is
//! undone as after a failure. `down` goes on to the end: a half-removed
//! project is worse than a removed one. A second one stops at once,
//! saying what is left: the journal on disk lets the next run repair it.

use crate::error::{Error, Result};
use std::path::PathBuf;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::Notify;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static NOTIFY: LazyLock<Notify> = LazyLock::new(Notify::new);

/// What the first signal does to the run under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnSignal {
    /// Stop starting steps, then undo (`up`).
    Undo,
    /// Finish (`down`, and a dead run's repair).
    Finish,
}

/// `Err(Interrupted)` once a signal asked the run to stop.
pub fn check() -> Result<()> {
    if INTERRUPTED.load(Ordering::SeqCst) {
        Err(Error::Interrupted)
    } else {
        Ok(())
    }
}

/// Resolves to `Interrupted` when a signal asks the run to stop: what a
/// wait or a pull races against.
pub async fn interrupted() -> Error {
    loop {
        let notified = NOTIFY.notified();
        if INTERRUPTED.load(Ordering::SeqCst) {
            return Error::Interrupted;
        }
        notified.await;
    }
}

/// Listens for SIGINT and SIGTERM for the rest of the process. `journal`
/// is where the run keeps its journal, named when a second signal stops
/// it at once. Must be called inside a tokio runtime.
pub fn watch(command: &'static str, on_signal: OnSignal, journal: Option<PathBuf>) {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut int), Ok(mut term)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        // Without a handler the default action stays: the signal kills
        // the run, and the journal still lets the next one repair it.
        return;
    };
    tokio::spawn(async move {
        let mut signals = 0;
        loop {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
            signals += 1;
            if signals > 1 {
                let journal = journal
                    .as_ref()
                    .map(|path| format!(" (its journal: {})", path.display()))
                    .unwrap_or_default();
                eprintln!(
                    "stopped at once: what this `macrame {command}` did so far is left as it is{journal}; the next `macrame up` or `macrame down` of the project repairs it"
                );
                std::process::exit(130);
            }
            match on_signal {
                OnSignal::Undo => {
                    eprintln!(
                        "interrupted: no new step starts; the steps under way end, then this run is undone (interrupt again to stop at once)"
                    );
                    INTERRUPTED.store(true, Ordering::SeqCst);
                    NOTIFY.notify_waiters();
                }
                OnSignal::Finish => eprintln!(
                    "interrupted: finishing, since stopping halfway would leave more to repair (interrupt again to stop at once)"
                ),
            }
        }
    });
}
