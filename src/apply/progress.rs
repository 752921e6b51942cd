//! Progress while applying: a live line per object on a terminal, plain
//! lines otherwise, JSON lines for machines. Always on stderr: stdout is
//! for the command's result.

use crate::plan::{Action, Kind};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::io::Write;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Live,
    Plain,
    Json,
    Quiet,
}

pub struct Progress {
    mode: Mode,
    bars: MultiProgress,
    /// The node every line names, in a file of several hosts.
    node: Option<String>,
}

pub struct Step<'p> {
    progress: &'p Progress,
    bar: Option<ProgressBar>,
    label: String,
    event: (&'static str, &'static str, String),
    started: Instant,
    /// The last quarter of a transfer a plain line was printed for.
    quarter: std::sync::atomic::AtomicU64,
}

fn verb(action: Action) -> &'static str {
    match action {
        Action::Create => "creating",
        Action::Recreate => "recreating",
        Action::Remove => "removing",
    }
}

impl Progress {
    pub fn new(mode: Mode) -> Progress {
        Progress {
            mode,
            bars: MultiProgress::new(),
            node: None,
        }
    }

    /// The same output, each line naming `node` (`[edge] creating ...`).
    pub fn on_node(&self, node: &str) -> Progress {
        Progress {
            mode: self.mode,
            bars: self.bars.clone(),
            node: Some(node.to_string()),
        }
    }

    fn json(
        &self,
        event: &str,
        step: &(&'static str, &'static str, String),
        error: Option<&str>,
        millis: Option<u128>,
    ) {
        let line = serde_json::json!({
            "event": event,
            "action": step.0,
            "kind": step.1,
            "name": step.2,
            "error": error,
            "ms": millis,
            "node": self.node,
        });
        let _ = writeln!(std::io::stderr(), "{line}");
    }

    /// `what` is the step in words when it is not the change itself
    /// ("starting", "undoing").
    /// A line the user must see in every mode (a dead run found and
    /// repaired), naming the node if there is one.
    pub fn announce(&self, text: &str) {
        let line = match &self.node {
            Some(node) => format!("[{node}] {text}"),
            None => text.to_string(),
        };
        match self.mode {
            Mode::Json => eprintln!(
                "{}",
                serde_json::json!({ "event": "announce", "node": self.node, "text": text })
            ),
            Mode::Live => {
                let _ = self.bars.println(line);
            }
            Mode::Plain | Mode::Quiet => eprintln!("{line}"),
        }
    }

    pub fn begin(&self, action: Action, kind: Kind, name: &str, what: Option<&str>) -> Step<'_> {
        let mut label = format!("{} {} {name}", what.unwrap_or(verb(action)), kind.as_str());
        if let Some(node) = &self.node {
            label = format!("[{node}] {label}");
        }
        let event = (action.as_str(), kind.as_str(), name.to_string());
        let bar = match self.mode {
            Mode::Live => {
                let bar = self.bars.add(ProgressBar::new_spinner());
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {msg}").expect("valid template"),
                );
                bar.set_message(label.clone());
                bar.enable_steady_tick(Duration::from_millis(100));
                Some(bar)
            }
            Mode::Plain => {
                let _ = writeln!(std::io::stderr(), "{label} ...");
                None
            }
            Mode::Json => {
                self.json("start", &event, None, None);
                None
            }
            Mode::Quiet => None,
        };
        Step {
            progress: self,
            bar,
            label,
            event,
            started: Instant::now(),
            quarter: std::sync::atomic::AtomicU64::new(0),
        }
    }
}

impl Step<'_> {
    /// What the step is at now (a pull's bytes, a build's line): the live
    /// line shows it, plain output prints each one.
    pub fn note(&self, text: &str) {
        match self.progress.mode {
            Mode::Live => {
                if let Some(bar) = &self.bar {
                    bar.set_message(format!("{}: {text}", self.label));
                }
            }
            Mode::Plain => {
                let _ = writeln!(std::io::stderr(), "{}: {text}", self.label);
            }
            Mode::Json => {
                let line = serde_json::json!({
                    "event": "progress",
                    "action": self.event.0,
                    "kind": self.event.1,
                    "name": self.event.2,
                    "note": text,
                    "node": self.progress.node,
                });
                let _ = writeln!(std::io::stderr(), "{line}");
            }
            Mode::Quiet => {}
        }
    }

    /// Bytes so far of a transfer (a pull): a bar on a terminal, a line
    /// per quarter otherwise.
    pub fn bytes(&self, done: u64, total: u64) {
        match self.progress.mode {
            Mode::Live => {
                if let Some(bar) = &self.bar {
                    if bar.length() != Some(total) {
                        bar.set_length(total);
                        bar.set_style(
                            ProgressStyle::with_template(
                                "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}",
                            )
                            .expect("valid template")
                            .progress_chars("=> "),
                        );
                        bar.set_message(self.label.clone());
                    }
                    bar.set_position(done);
                }
            }
            // The engine reports many times a second: a line per quarter.
            _ => {
                use std::sync::atomic::Ordering;
                let quarter = (done * 4).checked_div(total).unwrap_or(0);
                if quarter > self.quarter.fetch_max(quarter, Ordering::Relaxed) {
                    self.note(&format!(
                        "{:.1} / {:.1} MB",
                        done as f64 / 1e6,
                        total as f64 / 1e6
                    ));
                }
            }
        }
    }

    pub fn done(self) {
        let elapsed = self.started.elapsed();
        match self.progress.mode {
            Mode::Live => {
                if let Some(bar) = &self.bar {
                    bar.set_style(ProgressStyle::with_template("✔ {msg}").expect("valid template"));
                    bar.finish_with_message(format!(
                        "{} ({:.1}s)",
                        self.label,
                        elapsed.as_secs_f64()
                    ));
                }
            }
            Mode::Plain => {
                let _ = writeln!(
                    std::io::stderr(),
                    "{} done ({:.1}s)",
                    self.label,
                    elapsed.as_secs_f64()
                );
            }
            Mode::Json => self
                .progress
                .json("done", &self.event, None, Some(elapsed.as_millis())),
            Mode::Quiet => {}
        }
    }

    pub fn failed(self, error: &dyn std::fmt::Display) {
        let message = error.to_string();
        match self.progress.mode {
            Mode::Live => {
                if let Some(bar) = &self.bar {
                    bar.set_style(ProgressStyle::with_template("✘ {msg}").expect("valid template"));
                    bar.finish_with_message(format!("{}: failed", self.label));
                }
            }
            Mode::Plain => {
                let _ = writeln!(std::io::stderr(), "{} failed", self.label);
            }
            Mode::Json => self.progress.json(
                "failed",
                &self.event,
                Some(&message),
                Some(self.started.elapsed().as_millis()),
            ),
            Mode::Quiet => {}
        }
    }
}
