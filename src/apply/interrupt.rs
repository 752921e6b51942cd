//! Ctrl-C and SIGTERM during a run. The first one stops `up` from
//! starting another step: the steps under way end, then the run is
//! undone as after a failure. Past the point of no return (the old
//! containers being removed) and in `down` it goes on to the end: a
//! half-removed project is worse than a removed one; after that commit it
//! stops what follows (`--wait`), and what was applied stays. A second one
//! stops at once, saying what is left: the journal on disk lets the next
//! run repair it.

use crate::error::{Error, Result};
use std::path::PathBuf;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU8, Ordering};
use tokio::sync::Notify;

static PHASE: Phase = Phase::new();
static NOTIFY: LazyLock<Notify> = LazyLock::new(Notify::new);

/// Where the run is, as far as a first signal is concerned: it either
/// interrupts the run or comes past the point of no return, never both,
/// so that what the signal's line says is what the run does.
struct Phase(AtomicU8);

/// What a first signal found the run doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// Applying: it stops, and is undone.
    Applying,
    /// Past the point of no return: it finishes, then stops.
    Finishing,
    /// Applied (waiting, say): it stops, and what it applied stays.
    Applied,
    /// Already interrupted.
    Interrupted,
}

const APPLYING: u8 = 0;
const INTERRUPTED: u8 = 1;
const FINISHING: u8 = 2;
/// Finishing, and a signal came: it interrupts once the commit is done.
const FINISHING_INTERRUPTED: u8 = 3;
const APPLIED: u8 = 4;

impl Phase {
    const fn new() -> Phase {
        Phase(AtomicU8::new(APPLYING))
    }

    fn interrupted(&self) -> bool {
        self.0.load(Ordering::SeqCst) == INTERRUPTED
    }

    fn interrupt(&self) -> Found {
        let update = |phase| match phase {
            APPLYING | APPLIED => Some(INTERRUPTED),
            FINISHING => Some(FINISHING_INTERRUPTED),
            _ => None,
        };
        match self
            .0
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, update)
        {
            Ok(APPLYING) => Found::Applying,
            Ok(FINISHING) => Found::Finishing,
            Ok(_) => Found::Applied,
            Err(_) => Found::Interrupted,
        }
    }

    /// The point of no return; false when a signal came first.
    fn finish(&self) -> bool {
        let update = |phase| match phase {
            APPLYING | APPLIED => Some(FINISHING),
            _ => None,
        };
        match self
            .0
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, update)
        {
            Ok(_) => true,
            Err(phase) => phase != INTERRUPTED,
        }
    }

    /// The commit is over; true when a signal came during it.
    fn finished(&self) -> bool {
        let update = |phase| match phase {
            FINISHING => Some(APPLIED),
            FINISHING_INTERRUPTED => Some(INTERRUPTED),
            _ => None,
        };
        matches!(
            self.0
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, update),
            Ok(FINISHING_INTERRUPTED)
        )
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

/// The commit that `finishing` began is over: a signal that came during
/// it now interrupts what follows (a `--wait`).
pub fn finished() {
    if PHASE.finished() {
        NOTIFY.notify_waiters();
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
            let found = match on_signal {
                OnSignal::Undo => PHASE.interrupt(),
                OnSignal::Finish => Found::Finishing,
            };
            match found {
                Found::Applying => eprintln!(
                    "interrupted: no new step starts; the steps under way end, then this run is undone (interrupt again to stop at once)"
                ),
                Found::Finishing => eprintln!(
                    "interrupted: finishing, since stopping halfway would leave more to repair (interrupt again to stop at once)"
                ),
                Found::Applied => eprintln!(
                    "interrupted: the changes are made and stay; this run stops here (interrupt again to stop at once)"
                ),
                Found::Interrupted => {}
            }
            NOTIFY.notify_waiters();
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
        assert_eq!(phase.interrupt(), Found::Applying);
        assert!(phase.interrupted());
        assert!(!phase.finish(), "an interrupted run must be undone");
        assert!(phase.interrupted());
    }

    #[test]
    fn a_signal_past_the_point_of_no_return_lets_the_run_finish_first() {
        let phase = Phase::new();
        assert!(phase.finish());
        assert!(phase.finish(), "every node of a run may reach it");
        assert_eq!(phase.interrupt(), Found::Finishing);
        assert!(!phase.interrupted());
        assert!(phase.finish(), "a signal during the commit lets it finish");
        assert!(phase.finished());
        assert!(phase.interrupted(), "and then interrupts what follows");
    }

    #[test]
    fn after_the_commit_a_signal_interrupts_what_follows() {
        let phase = Phase::new();
        assert!(phase.finish());
        assert!(!phase.finished());
        assert!(!phase.interrupted());
        assert_eq!(phase.interrupt(), Found::Applied);
        assert!(phase.interrupted());
    }
}
