//! One run at a time per project: `up` and `down` hold the project's lock
//! (an flock on `STATE_DIR/PROJECT.lock`) for the whole run, so that two
//! never interleave. The kernel drops an flock with its process, so the
//! lock of a run that was killed is free at once: taken over, never stale.
//! The pid written in the file only names the holder in messages.

use crate::error::{Error, Object, Operation, Result};
use nix::fcntl::{Flock, FlockArg};
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::Path;

/// Held for as long as it lives.
pub struct ProjectLock {
    _lock: Flock<File>,
}

fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.rewind().and_then(|_| file.read_to_string(&mut text));
    match text.trim() {
        "" => "another macrame run".to_string(),
        holder => holder.to_string(),
    }
}

/// Takes the project's lock; with `wait`, waits for the run that holds
/// it (saying so on stderr), else fails at once naming it.
pub async fn acquire(
    state_dir: &Path,
    project: &str,
    what: &str,
    wait: bool,
) -> Result<ProjectLock> {
    let object = Object::Project(project.to_string());
    std::fs::create_dir_all(state_dir)
        .map_err(Error::io(&object, Operation::MakeStateDirectory))?;
    let path = state_dir.join(format!("{project}.lock"));
    let open = || {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(Error::io(&object, Operation::OpenLock))
    };
    let lock = match Flock::lock(open()?, FlockArg::LockExclusiveNonblock) {
        Ok(lock) => lock,
        Err((mut file, nix::errno::Errno::EWOULDBLOCK)) => {
            let holder = holder(&mut file);
            if !wait {
                return Err(Error::State {
                    object,
                    problem: format!(
                        "{holder} is changing it; not waiting (--no-wait): run again once it is done"
                    ),
                });
            }
            eprintln!("waiting for {holder} on project {project} to finish ...");
            let file = open()?;
            tokio::task::spawn_blocking(move || Flock::lock(file, FlockArg::LockExclusive))
                .await
                .map_err(|e| Error::cannot(&object, Operation::WaitForLock, e))?
                .map_err(|(_, errno)| Error::io(&object, Operation::WaitForLock)(errno.into()))?
        }
        Err((_, errno)) => return Err(Error::io(&object, Operation::TakeLock)(errno.into())),
    };
    let mut lock = lock;
    let note = format!("`macrame {what}` (pid {})", std::process::id());
    let written = lock
        .set_len(0)
        .and_then(|_| lock.rewind())
        .and_then(|_| lock.write_all(note.as_bytes()))
        .and_then(|_| lock.flush());
    written.map_err(Error::io(&object, Operation::WriteLock))?;
    Ok(ProjectLock { _lock: lock })
}
