//! Ctrl-C and SIGTERM during a run. The first one stops `up` from
//! starting another step: the steps under way end, then the run is
//! undone as after a failure. From the point of no return on (the old
//! containers being removed) and in `down` it goes on to the end: a
//! half-removed project is worse than a removed one. A second one stops at
//! once, saying what is left: the journal on disk lets the next run repair
//! it.

use crate::error::{Error, Result};
use std::path::PathBuf;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU8, Ordering};
use tokio::sync::Notify;

static PHASE: Phase = Phase::new();
static NOTIFY: LazyLock<Notify> = LazyLock::new(Notify::new);

/// Where the run is, as far as a first signal is concerned: it either
/// interrupts the run or comes after the point of no return, never both,
/// so that what the signal's line says is what the run does.
struct Phase(AtomicU8);

const RUNNING: u8 = 0;
const INTERRUPTED: u8 = 1;
const FINISHING: u8 = 2;

impl Phase {
    const fn new() -> Phase {
        Phase(AtomicU8::new(RUNNING))
    }

    fn interrupted(&self) -> bool {
        self.0.load(Ordering::SeqCst) == INTERRUPTED
    }

    /// A signal asks the run to stop; false once it is finishing.
    fn interrupt(&self) -> bool {
        self.0
            .compare_exchange(RUNNING, INTERRUPTED, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    }

    /// The point of no return; false when a signal came first.
    fn finish(&self) -> bool {
        match self
            .0
            .compare_exchange(RUNNING, FINISHING, Ordering::SeqCst, Ordering::SeqCst)
        {
            Ok(_) => true,
            Err(phase) => phase == FINISHING,
        }
    }
}

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
    if PHASE.interrupted() {
        Err(Error::Interrupted)
    } else {
        Ok(())
    }
}

/// The run reached its point of no return: a first signal from now on
/// lets it finish. `Err(Interrupted)` if one came before, for the caller
/// to undo the run instead.
pub fn finishing() -> Result<()> {
    if PHASE.finish() {
        Ok(())
    } else {
        Err(Error::Interrupted)
    }
}

/// Resolves to `Interrupted` when a signal asks the run to stop: what a
/// wait or a pull races against.
pub async fn interrupted() -> Error {
    loop {
        let notified = NOTIFY.notified();
        if PHASE.interrupted() {
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
            if on_signal == OnSignal::Undo && PHASE.interrupt() {
                eprintln!(
                    "interrupted: no new step starts; the steps under way end, then this run is undone (interrupt again to stop at once)"
                );
                NOTIFY.notify_waiters();
            } else {
                eprintln!(
                    "interrupted: finishing, since stopping halfway would leave more to repair (interrupt again to stop at once)"
                );
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_before_the_point_of_no_return_interrupts_the_run() {
        let phase = Phase::new();
        assert!(!phase.interrupted());
        assert!(phase.interrupt());
        assert!(phase.interrupted());
        assert!(!phase.finish(), "an interrupted run must be undone");
        assert!(phase.interrupted());
    }

    #[test]
    fn a_signal_after_the_point_of_no_return_lets_the_run_finish() {
        let phase = Phase::new();
        assert!(phase.finish());
        assert!(phase.finish(), "every node of a run may reach it");
        assert!(!phase.interrupt());
        assert!(!phase.interrupted());
    }
}
