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

pub mod networkd;
pub mod restore;
mod snapshot;
pub mod systemd;

pub use snapshot::{ContainerState, Snapshot};

use crate::error::{Error, Object, Operation, Result};
use crate::plan::{Action, Plan};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub const STATE_DIR: &str = "/var/lib/macrame";
pub const SYSTEMD_DIR: &str = "/etc/systemd/system";

/// How the host side is made persistent.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A systemd unit per project that restores the snapshot at boot.
    Systemd,
    /// systemd-networkd's own files (`.netdev`, `.network`, a `.link` for
    /// the mark, a drop-in beside the NIC's `.network`): networkd makes
    /// the vlans and shims at boot, and a unit converges the containers.
    Networkd,
}

/// Where and how `up` persists a project.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `None`: `--no-persist`.
    pub mode: Option<Mode>,
    pub state_dir: PathBuf,
    pub systemd_dir: PathBuf,
    /// Where `--persist networkd` writes networkd's files.
    pub network_dir: PathBuf,
    /// Units are written: systemd runs this host, or `--systemd-dir` was
    /// given. Otherwise only the snapshot is kept, and `up` says what to
    /// run at boot.
    pub write_units: bool,
    /// systemd runs this host and reads `systemd_dir`: it must reload.
    pub reload: bool,
    /// `systemd_dir` was chosen (`--systemd-dir`, or by an earlier `up`):
    /// kept in the snapshot for the next.
    pub custom_dir: bool,
    /// So was `network_dir` (`--network-dir`).
    pub custom_network_dir: bool,
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
    pub snapshot: Snapshot,
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

impl FileChange {
    /// `write` or `remove`: a file is written whether it is new or not.
    pub fn verb(&self) -> &'static str {
        match self.action {
            Action::Remove => "remove",
            Action::Create | Action::Recreate => "write",
        }
    }
}

impl Desired {
    /// Fails only for `--persist networkd`, when networkd does not manage
    /// a NIC the project's links hang from.
    pub fn new(plan: &Plan, settings: &Settings) -> Result<Desired> {
        let project = plan.project.clone();
        let mut snapshot = Snapshot::of(&plan.specs, |name| {
            plan.engine.as_ref().is_some_and(|engine| {
                plan.specs
                    .containers
                    .iter()
                    .any(|c| c.name == name && c.routes_in_namespace(engine))
            })
        });
        if let Some(only) = &plan.only {
            // `up web`: the others are in the snapshot only if an earlier
            // `up` made them (those never made would fail every boot).
            let before: Vec<String> = Snapshot::load(&settings.state_dir, &project)
                .ok()
                .flatten()
                .map(|s| s.containers.into_iter().map(|c| c.name).collect())
                .unwrap_or_default();
            snapshot
                .containers
                .retain(|c| only.contains(&c.name) || before.contains(&c.name));
        }
        let mut files = Vec::new();
        let mut note = None;
        match settings.mode {
            // Kept, to say so: `restore` refuses it, and the next plain
            // `plan` plans no persistence.
            None => snapshot.persistent = false,
            Some(Mode::Systemd) if settings.write_units => {
                files = systemd::files(
                    &project,
                    &snapshot.parents(),
                    &settings.binary,
                    &settings.state_dir,
                    &settings.systemd_dir,
                );
            }
            Some(Mode::Networkd) if settings.write_units => {
                let mut parent_files = std::collections::BTreeMap::new();
                for parent in snapshot.parents() {
                    let file = networkd::network_file_of(&parent)?;
                    parent_files.insert(parent, file);
                }
                files = networkd::files(&snapshot, &parent_files, &settings.network_dir)?;
                files.extend(systemd::containers_files(
                    &project,
                    &settings.binary,
                    &settings.state_dir,
                    &settings.systemd_dir,
                    "systemd-networkd.service",
                ));
                snapshot.mode = Some(Mode::Networkd);
            }
            Some(_) => {
                let binary = settings.binary.display();
                let state = settings.state_dir.display();
                note = Some(format!(
                    "project {project}: this host does not run systemd, so nothing restores it at boot; \
                     have the boot run `{binary} restore --state-dir {state} {project}` before Docker starts, \
                     and `{binary} restore --state-dir {state} --containers {project}` after"
                ));
            }
        }
        if settings.custom_dir && settings.mode.is_some() {
            snapshot.systemd_dir = Some(settings.systemd_dir.clone());
        }
        if settings.custom_network_dir && settings.mode.is_some() {
            snapshot.network_dir = Some(settings.network_dir.clone());
        }
        snapshot.files = files.iter().map(|f| f.path.clone()).collect();
        Ok(Desired {
            project,
            snapshot,
            files,
            state_dir: settings.state_dir.clone(),
            reload: settings.reload,
            note,
        })
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
        let text = self.snapshot.to_json();
        let path = self.snapshot_path();
        let same = std::fs::read_to_string(&path).is_ok_and(|t| t == text);
        wanted.insert(0, (path.clone(), path.exists(), same));
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
        }
        Ok(changes)
    }

    /// Writes what changed and removes what is no longer wanted. Every
    /// file is checked to be the project's (or free) before any is
    /// written; the snapshot is written first listing the old files and
    /// the new, so that a run cut short leaves nothing `down` would not
    /// find, and last as it should be.
    pub fn install(&self) -> Result<Vec<FileChange>> {
        let changes = self.changes()?;
        if changes.is_empty() {
            return Ok(changes);
        }
        for change in &changes {
            if change.path.symlink_metadata().is_ok() && !owned(&change.path, &self.project) {
                return Err(match change.action {
                    Action::Remove => left_alone(&change.path, &self.project),
                    _ => not_owned(&change.path, &self.project),
                });
            }
        }
        let snapshot_path = self.snapshot_path();
        let mut meanwhile = self.snapshot.clone();
        meanwhile.files.extend(
            changes
                .iter()
                .filter(|c| c.action == Action::Remove && c.path != snapshot_path)
                .map(|c| c.path.clone()),
        );
        write(
            &FileSpec::text(snapshot_path.clone(), meanwhile.to_json()),
            &self.project,
        )?;
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
        write(
            &FileSpec::text(snapshot_path, self.snapshot.to_json()),
            &self.project,
        )?;
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
    let object = Object::File(file.path.to_path_buf());
    if file.path.symlink_metadata().is_ok() && !owned(&file.path, project) {
        return Err(not_owned(&file.path, project));
    }
    let dir = file.path.parent().expect("an absolute path");
    std::fs::create_dir_all(dir).map_err(Error::io(&object, Operation::MakeDirectory))?;
    let name = file
        .path
        .file_name()
        .expect("a file name")
        .to_string_lossy();
    let temporary = dir.join(format!(".{name}.macrame-new"));
    let _ = std::fs::remove_file(&temporary);
    match &file.body {
        Body::Text(text) => write_new(&temporary, text.as_bytes()),
        Body::Link(target) => std::os::unix::fs::symlink(target, &temporary),
    }
    .map_err(Error::io(&object, Operation::Write))?;
    std::fs::rename(&temporary, &file.path).map_err(Error::io(&object, Operation::Write))?;
    // The rename itself on the disk before `up` says it is done: a power
    // cut must leave the old file or the new, never an empty one.
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(Error::io(&object, Operation::SyncDirectory))
}

/// A new file (never through a link someone left at its name), readable
/// by all as systemd's units are, on the disk before it is renamed.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o644)
        .open(path)?;
    file.write_all(bytes)?;
    // The mode asked for, whatever the umask took from it.
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644))?;
    file.sync_all()
}

/// Whether the file at `path` is the project's: a unit or snapshot with
/// its mark, or a link to one of the project's units.
fn owned(path: &Path, project: &str) -> bool {
    if let Ok(target) = std::fs::read_link(path) {
        // Only a link to one of the project's units in the folder of the
        // link's `*.wants` (as `systemctl enable` makes it): a unit that
        // is itself a link (`systemctl link`) is someone else's.
        let folder = path.parent().and_then(Path::parent);
        return [
            systemd::host_unit_name(project),
            systemd::containers_unit_name(project),
        ]
        .iter()
        .any(|name| folder.is_some_and(|f| target == f.join(name)));
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
    Error::cannot(
        Object::File(path.to_path_buf()),
        Operation::Replace,
        format!(
            "it exists and was not written by macrame for project {project}: move it away, or give the project another name"
        ),
    )
}

fn left_alone(path: &Path, project: &str) -> Error {
    Error::cannot(
        Object::File(path.to_path_buf()),
        Operation::Remove,
        format!(
            "it is no longer the one macrame wrote for project {project}, so it is left alone: remove it by hand if it should go"
        ),
    )
}

fn remove_owned(path: &Path, project: &str) -> Result<()> {
    if path.symlink_metadata().is_err() {
        return Ok(());
    }
    if !owned(path, project) {
        return Err(left_alone(path, project));
    }
    std::fs::remove_file(path).map_err(Error::io(
        Object::File(path.to_path_buf()),
        Operation::Remove,
    ))?;
    // An enabling folder left empty (`multi-user.target.wants`) stays, as
    // `systemctl disable` leaves it; a NIC's drop-in folder that only
    // ever held the project's drop-in goes (it fails when others remain).
    if let Some(folder) = path.parent()
        && folder.extension().is_some_and(|e| e == "d")
        && path.extension().is_some_and(|e| e == "conf")
    {
        let _ = std::fs::remove_dir(folder);
    }
    Ok(())
}

fn systemd_reload() -> Result<()> {
    let status = std::process::Command::new("systemctl")
        .arg("daemon-reload")
        .status()
        .map_err(Error::io(Object::Systemd, Operation::ReloadSystemd))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::cannot(
            Object::Systemd,
            Operation::ReloadSystemd,
            format!("systemctl exited with {status}"),
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
        let what = change.verb();
        let _ = writeln!(
            out,
            "{sign} {what:<8} file {}  (persistence: {})",
            change.path.display(),
            change.cause
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::spec::{Specs, VlanSpec};

    fn plan() -> Plan {
        Plan {
            project: "p".into(),
            engine: None,
            changes: Vec::new(),
            specs: Specs {
                project: "p".into(),
                vlans: vec![VlanSpec {
                    name: "nic0.10".into(),
                    parent: "nic0".into(),
                    id: 10,
                    mtu: None,
                    mark: "macrame:p:vlan:nic0.10".into(),
                }],
                ..Specs::default()
            },
            warnings: Vec::new(),
            only: None,
        }
    }

    fn settings(dir: &Path) -> Settings {
        Settings {
            mode: Some(Mode::Systemd),
            state_dir: dir.join("state"),
            systemd_dir: dir.join("units"),
            network_dir: dir.join("network"),
            custom_network_dir: false,
            write_units: true,
            reload: false,
            custom_dir: true,
            binary: PathBuf::from("/usr/bin/macrame"),
        }
    }

    #[test]
    fn install_writes_once_and_uninstall_removes_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let desired = Desired::new(&plan(), &settings(dir.path())).unwrap();
        let written = desired.install().unwrap();
        // The snapshot, two units, their two multi-user links and the
        // device's link.
        assert_eq!(written.len(), 6, "{written:?}");
        assert!(written.iter().all(|c| c.action == Action::Create));
        let device_link = dir
            .path()
            .join("units/sys-subsystem-net-devices-nic0.device.wants/macrame-p.service");
        assert_eq!(
            std::fs::read_link(&device_link).unwrap(),
            dir.path().join("units/macrame-p.service")
        );
        assert_eq!(desired.changes().unwrap(), Vec::new());

        // A file of someone else's beside them stays.
        let foreign = dir.path().join("units/other.service");
        std::fs::write(&foreign, "[Unit]\n").unwrap();
        let removed = uninstall(&dir.path().join("state"), "p", false).unwrap();
        assert_eq!(removed.len(), 6, "{removed:?}");
        assert!(foreign.exists());
        assert!(!device_link.exists());
        assert_eq!(
            uninstall(&dir.path().join("state"), "p", false).unwrap(),
            Vec::<PathBuf>::new()
        );
    }

    #[test]
    fn a_unit_that_is_not_macrames_is_never_overwritten_or_removed() {
        let dir = tempfile::tempdir().unwrap();
        let unit = dir.path().join("units/macrame-p.service");
        std::fs::create_dir_all(unit.parent().unwrap()).unwrap();
        std::fs::write(&unit, "[Unit]\nDescription=mine\n").unwrap();
        let desired = Desired::new(&plan(), &settings(dir.path())).unwrap();
        let error = desired.install().unwrap_err().to_string();
        assert!(error.contains("was not written by macrame"), "{error}");
        assert_eq!(
            std::fs::read_to_string(&unit).unwrap(),
            "[Unit]\nDescription=mine\n"
        );
        // Nothing recorded: down has nothing of the project's to remove.
        assert!(!Snapshot::path(&dir.path().join("state"), "p").exists());
    }

    #[test]
    fn no_persist_removes_what_an_earlier_up_installed_and_is_remembered() {
        let dir = tempfile::tempdir().unwrap();
        Desired::new(&plan(), &settings(dir.path()))
            .unwrap()
            .install()
            .unwrap();
        let off = Settings {
            mode: None,
            ..settings(dir.path())
        };
        let desired = Desired::new(&plan(), &off).unwrap();
        let changes = desired.install().unwrap();
        // The snapshot rewritten to say so, the five others removed.
        assert_eq!(changes.len(), 6, "{changes:?}");
        assert_eq!(changes[0].action, Action::Recreate);
        assert!(changes[1..].iter().all(|c| c.action == Action::Remove));
        assert!(!dir.path().join("units/macrame-p.service").exists());
        let state = dir.path().join("state");
        let kept = Snapshot::load(&state, "p").unwrap().unwrap();
        assert!(!kept.persistent && kept.files.is_empty());
        assert_eq!(desired.changes().unwrap(), Vec::new());
        // down still finds it.
        let removed = uninstall(&state, "p", false).unwrap();
        assert_eq!(removed, [Snapshot::path(&state, "p")]);
    }

    #[test]
    fn without_systemd_only_the_snapshot_is_kept_and_the_boot_commands_said() {
        let dir = tempfile::tempdir().unwrap();
        let plain = Settings {
            write_units: false,
            custom_dir: false,
            ..settings(dir.path())
        };
        let desired = Desired::new(&plan(), &plain).unwrap();
        assert_eq!(desired.install().unwrap().len(), 1);
        let note = desired.note.unwrap();
        assert!(
            note.contains("/usr/bin/macrame restore --state-dir"),
            "{note}"
        );
        assert!(!dir.path().join("units").exists());
    }
}
