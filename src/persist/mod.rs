//! Persistence: what makes a project's host side come back after a reboot.
//! The kernel forgets the vlans and shims macrame made; Docker remembers
//! its networks and restarts containers with a restart policy, but a
//! network whose parent is gone fails, and without the shim the host
//! cannot reach its containers.
//!
//! `up` keeps a [`Snapshot`] of the resolved host side under the state
//! folder and installs what re-applies it at boot (systemd units by
//! default, [`systemd`]); `plan` shows what it would install or change;
//! `down` removes what the snapshot lists it installed, and only files
//! that carry macrame's mark. A stage beside the planner: it reads the same
//! specs, and its changes are files, not links or containers.

pub mod restore;
mod snapshot;
pub mod systemd;

pub use snapshot::{ContainerState, Snapshot};

use crate::error::{Error, Result};
use crate::plan::{Action, Plan};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub const STATE_DIR: &str = "/var/lib/macrame";
pub const SYSTEMD_DIR: &str = "/etc/systemd/system";

/// How the host side is made persistent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// A systemd unit per project that restores the snapshot at boot.
    Systemd,
}

/// Where and how `up` persists a project.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `None`: `--no-persist`.
    pub mode: Option<Mode>,
    pub state_dir: PathBuf,
    pub systemd_dir: PathBuf,
    /// Units are written: systemd runs this host, or `--systemd-dir` was
    /// given. Otherwise only the snapshot is kept, and `up` says what to
    /// run at boot.
    pub write_units: bool,
    /// systemd runs this host and reads `systemd_dir`: it must reload.
    pub reload: bool,
    /// The macrame the units run.
    pub binary: PathBuf,
}

/// A file persistence installs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSpec {
    pub path: PathBuf,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Text(String),
    /// A symbolic link to this path.
    Link(PathBuf),
}

impl FileSpec {
    pub fn text(path: PathBuf, text: String) -> FileSpec {
        FileSpec {
            path,
            body: Body::Text(text),
        }
    }

    pub fn link(path: PathBuf, target: PathBuf) -> FileSpec {
        FileSpec {
            path,
            body: Body::Link(target),
        }
    }

    /// Whether the file at `path` is this one already.
    fn is_there(&self) -> bool {
        match &self.body {
            Body::Text(text) => std::fs::read_to_string(&self.path).is_ok_and(|t| t == *text),
            Body::Link(target) => std::fs::read_link(&self.path).is_ok_and(|t| t == *target),
        }
    }
}

/// What persistence should be for a plan: the snapshot (with the list of
/// the other files in it) and every file.
#[derive(Debug, Clone)]
pub struct Desired {
    pub project: String,
    pub snapshot: Option<Snapshot>,
    pub files: Vec<FileSpec>,
    pub state_dir: PathBuf,
    pub reload: bool,
    /// Said after `up`: no systemd here, what to run at boot instead.
    pub note: Option<String>,
}

/// One file to write or remove.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub action: Action,
    pub path: PathBuf,
    pub cause: &'static str,
}

impl Desired {
    pub fn new(plan: &Plan, settings: &Settings) -> Desired {
        let project = plan.project.clone();
        let Some(mode) = settings.mode else {
            return Desired {
                project,
                snapshot: None,
                files: Vec::new(),
                state_dir: settings.state_dir.clone(),
                reload: settings.reload,
                note: None,
            };
        };
        let mut snapshot = Snapshot::of(&plan.specs, |name| {
            plan.engine.as_ref().is_some_and(|engine| {
                plan.specs
                    .containers
                    .iter()
                    .any(|c| c.name == name && c.routes_in_namespace(engine))
            })
        });
        let mut files = Vec::new();
        let mut note = None;
        match mode {
            Mode::Systemd if settings.write_units => {
                files = systemd::files(
                    &project,
                    &snapshot.parents(),
                    &settings.binary,
                    &settings.state_dir,
                    &settings.systemd_dir,
                );
            }
            Mode::Systemd => {
                let binary = settings.binary.display();
                let state = settings.state_dir.display();
                note = Some(format!(
                    "project {project}: this host does not run systemd, so nothing restores it at boot; \
                     have the boot run `{binary} restore --state-dir {state} {project}` before Docker starts, \
                     and `{binary} restore --state-dir {state} --containers {project}` after"
                ));
            }
        }
        snapshot.files = files.iter().map(|f| f.path.clone()).collect();
        Desired {
            project,
            snapshot: Some(snapshot),
            files,
            state_dir: settings.state_dir.clone(),
            reload: settings.reload,
            note,
        }
    }

    fn snapshot_path(&self) -> PathBuf {
        Snapshot::path(&self.state_dir, &self.project)
    }

    /// What differs from what is installed: files to write (missing or
    /// changed), then those the installed snapshot lists that are no
    /// longer wanted, to remove.
    pub fn changes(&self) -> Result<Vec<FileChange>> {
        let installed = Snapshot::load(&self.state_dir, &self.project)?;
        let mut changes = Vec::new();
        let mut wanted: Vec<(PathBuf, bool, bool)> = self
            .files
            .iter()
            .map(|f| {
                (
                    f.path.clone(),
                    f.path.symlink_metadata().is_ok(),
                    f.is_there(),
                )
            })
            .collect();
        if let Some(snapshot) = &self.snapshot {
            let text = snapshot.to_json();
            let path = self.snapshot_path();
            let same = std::fs::read_to_string(&path).is_ok_and(|t| t == text);
            wanted.insert(0, (path.clone(), path.exists(), same));
        }
        for (path, exists, same) in wanted {
            if same {
                continue;
            }
            changes.push(FileChange {
                action: if exists {
                    Action::Recreate
                } else {
                    Action::Create
                },
                path,
                cause: if exists { "changed" } else { "missing" },
            });
        }
        if let Some(installed) = installed {
            let keep: Vec<&PathBuf> = self.files.iter().map(|f| &f.path).collect();
            for path in installed.files.iter().filter(|p| !keep.contains(p)) {
                changes.push(FileChange {
                    action: Action::Remove,
                    path: path.clone(),
                    cause: "no longer wanted",
                });
            }
            if self.snapshot.is_none() {
                changes.push(FileChange {
                    action: Action::Remove,
                    path: self.snapshot_path(),
                    cause: "--no-persist",
                });
            }
        }
        Ok(changes)
    }

    /// Writes what changed and removes what is no longer wanted; the
    /// snapshot last, so that a failure leaves the old list of files.
    pub fn install(&self) -> Result<Vec<FileChange>> {
        let changes = self.changes()?;
        if changes.is_empty() {
            return Ok(changes);
        }
        let snapshot_path = self.snapshot_path();
        for change in changes.iter().filter(|c| c.path != snapshot_path) {
            match change.action {
                Action::Remove => remove_owned(&change.path, &self.project)?,
                Action::Create | Action::Recreate => {
                    let file = self
                        .files
                        .iter()
                        .find(|f| f.path == change.path)
                        .expect("a written file is a desired one");
                    write(file, &self.project)?;
                }
            }
        }
        match &self.snapshot {
            Some(snapshot) => write(
                &FileSpec::text(snapshot_path, snapshot.to_json()),
                &self.project,
            )?,
            None => remove_owned(&snapshot_path, &self.project)?,
        }
        if self.reload {
            systemd_reload()?;
        }
        Ok(changes)
    }
}

/// Removes everything the project's snapshot lists, then the snapshot:
/// what `down` does. Returns what it removed.
pub fn uninstall(state_dir: &Path, project: &str, reload: bool) -> Result<Vec<PathBuf>> {
    let Some(snapshot) = Snapshot::load(state_dir, project)? else {
        return Ok(Vec::new());
    };
    let mut removed = Vec::new();
    for path in &snapshot.files {
        if path.symlink_metadata().is_ok() {
            remove_owned(path, project)?;
            removed.push(path.clone());
        }
    }
    let path = Snapshot::path(state_dir, project);
    remove_owned(&path, project)?;
    removed.push(path);
    if reload && !snapshot.files.is_empty() {
        systemd_reload()?;
    }
    Ok(removed)
}

/// Writes through a temporary file and a rename: a crash leaves the old
/// file or the new one, never half of one. Never over a file that is not
/// the project's.
fn write(file: &FileSpec, project: &str) -> Result<()> {
    let object = format!("file {}", file.path.display());
    if file.path.symlink_metadata().is_ok() && !owned(&file.path, project) {
        return Err(not_owned(&file.path, project));
    }
    let dir = file.path.parent().expect("an absolute path");
    std::fs::create_dir_all(dir).map_err(Error::io(&object, "create its folder"))?;
    let name = file
        .path
        .file_name()
        .expect("a file name")
        .to_string_lossy();
    let temporary = dir.join(format!(".{name}.macrame-new"));
    let _ = std::fs::remove_file(&temporary);
    match &file.body {
        Body::Text(text) => std::fs::write(&temporary, text),
        Body::Link(target) => std::os::unix::fs::symlink(target, &temporary),
    }
    .map_err(Error::io(&object, "write"))?;
    std::fs::rename(&temporary, &file.path).map_err(Error::io(&object, "write"))
}

/// Whether the file at `path` is the project's: a unit or snapshot with
/// its mark, or a link to one of the project's units.
fn owned(path: &Path, project: &str) -> bool {
    if let Ok(target) = std::fs::read_link(path) {
        return target.file_name().is_some_and(|name| {
            let name = name.to_string_lossy();
            name == systemd::host_unit_name(project)
                || name == systemd::containers_unit_name(project)
        });
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    if path.extension().is_some_and(|e| e == "json") {
        return serde_json::from_str::<Snapshot>(&text).is_ok_and(|s| s.project == project);
    }
    text.lines().nth(1) == Some(systemd::mark(project).as_str())
}

fn not_owned(path: &Path, project: &str) -> Error {
    Error::io(format!("file {}", path.display()), "replace")(std::io::Error::other(format!(
        "it exists and was not written by macrame for project {project}: move it away, or give the project another name"
    )))
}

fn remove_owned(path: &Path, project: &str) -> Result<()> {
    if path.symlink_metadata().is_err() {
        return Ok(());
    }
    if !owned(path, project) {
        return Err(Error::io(format!("file {}", path.display()), "remove")(
            std::io::Error::other(format!(
                "it is no longer the one macrame wrote for project {project}, so it is left alone: remove it by hand if it should go"
            )),
        ));
    }
    std::fs::remove_file(path).map_err(Error::io(format!("file {}", path.display()), "remove"))?;
    // An enabling folder left empty (`multi-user.target.wants`) stays, as
    // `systemctl disable` leaves it.
    Ok(())
}

fn systemd_reload() -> Result<()> {
    let status = std::process::Command::new("systemctl")
        .arg("daemon-reload")
        .status()
        .map_err(Error::io("systemd", "reload (systemctl daemon-reload)"))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::io("systemd", "reload (systemctl daemon-reload)")(
            std::io::Error::other(format!("systemctl exited with {status}")),
        ))
    }
}

/// The persistence part of a plan, after the plan's own lines.
pub fn render(changes: &[FileChange]) -> String {
    let mut out = String::new();
    for change in changes {
        let sign = match change.action {
            Action::Create => '+',
            Action::Recreate => '~',
            Action::Remove => '-',
        };
        let what = match change.action {
            Action::Remove => "remove",
            _ => "write",
        };
        let _ = writeln!(
            out,
            "{sign} {what:<8} file {}  (persistence: {})",
            change.path.display(),
            change.cause
        );
    }
    out
}
