//! What a run does, as it does it. In memory, for the undo of a failure;
//! and on disk (`STATE_DIR/PROJECT/journal`, one JSON record a line,
//! each fsynced before the step it announces), for the next run should
//! this one die: a SIGKILL, a power cut, an OOM kill, a dropped SSH
//! session. The file is removed when the run ends, well or undone; one
//! that is there when a run starts is a dead run's (`recover`).

use crate::error::{Error, Object, Operation, Result};
use crate::host::LinkRecord;
use crate::plan::Kind;
use bollard::models::{EndpointSettings, NetworkCreateRequest};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A container being recreated or removed, stopped and renamed out of the
/// way rather than removed: if the run fails it gets its name back and
/// runs again; if it succeeds, it is removed at the end. (Stopped, it
/// holds no address, so a successor can take it.)
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Parked {
    pub name: String,
    pub id: String,
    /// Its project: only that project's volumes go with it.
    pub project: String,
    pub docker_name: String,
    pub running: bool,
    /// Renamed aside (a failure before that leaves the name as it was).
    pub renamed: bool,
    /// A successor takes its place (and its volumes); else it goes.
    pub replaced: bool,
    /// Its volumes, which its successor takes over.
    pub volumes: Vec<(String, String)>,
    /// Its settings on each network, by Docker network name: what puts
    /// it back on a network the run removed and the undo restored.
    pub endpoints: BTreeMap<String, EndpointSettings>,
    /// The Docker networks on which the file gives it a MAC.
    pub declared_macs: BTreeSet<String>,
    /// Its default gateways as it ran, on engines before API 1.48 (where
    /// a restart puts the engine's choice back).
    pub gateways: Vec<IpAddr>,
    /// The seconds its stop gives it after SIGTERM (the run's
    /// `--timeout`): how long a recovery waits for a stop the dead run
    /// may have sent. Journals written before it was recorded: 10, the
    /// default.
    #[serde(default = "Parked::default_stop_timeout")]
    pub stop_timeout: u32,
    /// Recovery only: it may be under a stop the dead run sent, which the
    /// engine carries out although its client is gone. Running now says
    /// nothing of a moment later, so it is stopped (the stop waited for)
    /// before it is started again.
    #[serde(skip)]
    pub stop_first: bool,
}

/// A Docker network this run removed, and what recreates it as it was.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Dropped {
    pub name: String,
    pub docker_name: String,
    pub request: NetworkCreateRequest,
}

/// What undoes one completed step.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) enum Undo {
    /// A vlan or a shim, by its interface name.
    Link {
        kind: Kind,
        name: String,
    },
    Network {
        name: String,
        id: String,
    },
    Container {
        name: String,
        id: String,
    },
    Volume {
        name: String,
        docker_name: String,
    },
    /// A bind mount's source this run made (the path, and the topmost
    /// directory made for it): removed again while empty.
    Directory(PathBuf, PathBuf),
}

/// One line of the journal on disk.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum Record {
    /// The first line: whose run this is.
    Begin {
        command: String,
        pid: u32,
        remove_volumes: bool,
    },
    /// About to create an object: should the run die before `Created`,
    /// the next run looks for it by name.
    Creating {
        kind: Kind,
        name: String,
        docker_name: String,
    },
    Created(Undo),
    /// About to stop and rename a container aside.
    Parking(Parked),
    /// About to remove a network, with what recreates it.
    Dropping {
        id: String,
        dropped: Dropped,
    },
    /// About to delete a link, with what recreates it.
    Unlinking(LinkRecord),
    /// Removed for good.
    Removed {
        object: String,
    },
    /// Past the point of no return: the new objects all run, the parked
    /// ones are being removed.
    Commit,
    /// The run failed and is being undone. Every step had ended by then,
    /// so a `Creating` without its `Created` is a creation that failed:
    /// an object of that name is what the undo put back, not the run's.
    Undoing,
}

/// What a run has done that a failure must undo: its creations, the
/// containers it set aside, the networks and links it removed (with what
/// recreates them), and what it removed for good.
#[derive(Default)]
pub(super) struct Journal {
    pub(super) log: Option<Mutex<Log>>,
    pub undo: Mutex<Vec<Undo>>,
    pub parked: Mutex<Vec<Parked>>,
    pub dropped: Mutex<Vec<Dropped>>,
    /// Records of the links the plan removes, taken before any is.
    pub records: Mutex<HashMap<String, LinkRecord>>,
    pub unlinked: Mutex<Vec<LinkRecord>>,
    pub removed: Mutex<Vec<String>>,
    /// Docker networks this run removed that are back already (a dead
    /// run's undo got that far): its parked containers rejoin them.
    pub restored: Mutex<BTreeSet<String>>,
}

pub(super) struct Log {
    path: PathBuf,
    file: File,
}

/// The journal's path for `project` in `state_dir`.
pub fn path(state_dir: &Path, project: &str) -> PathBuf {
    state_dir.join(project).join("journal")
}

/// The journal of one node of a file of several hosts, beside the
/// project's `journal`.
pub fn node_path(journal: &Path, node: &str) -> PathBuf {
    journal.with_file_name(format!("node-{node}.journal"))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().expect("not poisoned")
}

impl Journal {
    /// A journal kept on disk at `path` too (none without one).
    pub fn open(path: Option<&Path>, begin: Record) -> Result<Journal> {
        let Some(path) = path else {
            return Ok(Journal::default());
        };
        let object = Object::Journal(path.to_path_buf());
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(Error::io(&object, Operation::MakeDirectory))?;
        }
        let file = File::create(path).map_err(Error::io(&object, Operation::Create))?;
        // The file's name in its directory must survive a power cut too.
        if let Some(dir) = path.parent() {
            File::open(dir)
                .and_then(|dir| dir.sync_all())
                .map_err(Error::io(&object, Operation::SyncDirectory))?;
        }
        let journal = Journal {
            log: Some(Mutex::new(Log {
                path: path.to_path_buf(),
                file,
            })),
            ..Journal::default()
        };
        journal.write(&begin)?;
        Ok(journal)
    }

    /// Appends `record` and waits for the disk to have it.
    pub fn write(&self, record: &Record) -> Result<()> {
        let Some(log) = &self.log else {
            return Ok(());
        };
        let mut log = lock(log);
        let mut line = serde_json::to_vec(record).expect("a record serializes");
        line.push(b'\n');
        let object = Object::Journal(log.path.to_path_buf());
        log.file
            .write_all(&line)
            .and_then(|()| log.file.sync_data())
            .map_err(Error::io(&object, Operation::Write))?;
        fault::point();
        Ok(())
    }

    /// The run is over (done, or undone): its journal goes. Neither a
    /// failed removal nor a power cut before the directory reaches the disk
    /// harms: a journal left behind is of a run that finished, so the next
    /// run's recovery finds every object as the file or the undo left it
    /// (the crash tests kill after the last undo step, before this).
    pub fn close(self) {
        if let Some(log) = self.log {
            let log = log.into_inner().expect("not poisoned");
            let _ = std::fs::remove_file(&log.path);
        }
    }

    pub fn creating(&self, kind: Kind, name: &str, docker_name: &str) -> Result<()> {
        self.write(&Record::Creating {
            kind,
            name: name.to_string(),
            docker_name: docker_name.to_string(),
        })
    }

    /// In memory first: should the disk refuse the record, the failure's
    /// undo still removes the object.
    pub fn created(&self, undo: Undo) -> Result<()> {
        lock(&self.undo).push(undo.clone());
        self.write(&Record::Created(undo))
    }

    /// Records a container about to be parked; returns its index.
    pub fn parking(&self, parked: Parked) -> Result<usize> {
        self.write(&Record::Parking(parked.clone()))?;
        let mut all = lock(&self.parked);
        all.push(parked);
        Ok(all.len() - 1)
    }

    pub fn renamed(&self, index: usize) {
        lock(&self.parked)[index].renamed = true;
    }

    /// The volumes of the container `docker_name` replaces, which it
    /// takes over.
    pub fn inherited_volumes(&self, docker_name: &str) -> Vec<(String, String)> {
        lock(&self.parked)
            .iter()
            .find(|old| old.replaced && old.docker_name == docker_name)
            .map(|old| old.volumes.clone())
            .unwrap_or_default()
    }

    pub fn dropping(&self, id: &str, dropped: &Dropped) -> Result<()> {
        self.write(&Record::Dropping {
            id: id.to_string(),
            dropped: dropped.clone(),
        })
    }

    pub fn dropped(&self, dropped: Dropped) {
        lock(&self.dropped).push(dropped);
    }

    /// The record of a link about to be deleted, if one was taken.
    pub fn unlinking(&self, name: &str) -> Result<Option<LinkRecord>> {
        let record = lock(&self.records).remove(name);
        if let Some(record) = &record {
            self.write(&Record::Unlinking(record.clone()))?;
        }
        Ok(record)
    }

    pub fn unlinked(&self, record: LinkRecord) {
        lock(&self.unlinked).push(record);
    }

    pub fn removed(&self, object: String) -> Result<()> {
        self.write(&Record::Removed {
            object: object.clone(),
        })?;
        lock(&self.removed).push(object);
        Ok(())
    }
}

/// A test-only way to die exactly at a given point, as a SIGKILL would:
/// `MACRAME_FAULT_AFTER=K` kills the process at its K-th fault point.
/// The points: each record once it is on disk, and each step of an undo
/// (which writes none, and is killed too). Absent from release builds.
pub(super) mod fault {
    #[cfg(debug_assertions)]
    pub fn point() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static WRITTEN: AtomicUsize = AtomicUsize::new(0);
        static AFTER: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
        let after = AFTER.get_or_init(|| {
            std::env::var("MACRAME_FAULT_AFTER")
                .ok()
                .and_then(|k| k.parse().ok())
        });
        let written = WRITTEN.fetch_add(1, Ordering::SeqCst) + 1;
        if *after == Some(written) {
            let _ = nix::sys::signal::raise(nix::sys::signal::Signal::SIGKILL);
        }
    }

    #[cfg(not(debug_assertions))]
    pub fn point() {}
}
