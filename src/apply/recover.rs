//! The journal of a run that did not finish (killed, or kept on failure
//! with `--keep-on-failure`), read by the next `up` or `down` of the
//! project before it plans: what the dead run created, parked or removed
//! is found on the host again, and put back as it was before that run
//! (or, past its point of no return, its last step is finished). Then
//! the new run plans from the host as it is.

use super::journal::{Journal, Record, Undo};
use super::{Progress, Runtime};
use crate::error::{Error, Object, Operation, Result};
use crate::observed::Observed;
use crate::plan::Kind;
use std::collections::BTreeSet;
use std::path::Path;

/// What a dead run's journal says, against the host as it is now.
#[derive(Default)]
struct Found {
    journal: Journal,
    command: String,
    pid: u32,
    remove_volumes: bool,
    /// Past the point of no return: only its parked containers are left.
    committed: bool,
    /// Networks (name, id) it announced it was removing that are still
    /// there: the removal may still be under way in the engine.
    removing: Vec<(String, String)>,
}

impl Runtime {
    /// Repairs what the run that left the journal at `path` did not
    /// finish, saying so through `progress`; `false` without a journal.
    /// On failure the journal stays, for the next run to try again.
    pub async fn recover(&self, path: &Path, project: &str, progress: &Progress) -> Result<bool> {
        let object = Object::Journal(path.to_path_buf());
        let text = match std::fs::read(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(error) => return Err(Error::io(&object, Operation::Read)(error)),
        };
        let records = parse(&text).map_err(|problem| Error::State {
            object: object.clone(),
            problem: format!(
                "{problem}: it cannot be replayed; compare the host with `macrame plan`, then remove the file"
            ),
        })?;
        let observed = self.observe(project, &[]).await?;
        let Some(found) = rebuild(records, &observed, project) else {
            // Died before its first record was on disk: it did nothing.
            let _ = std::fs::remove_file(path);
            return Ok(false);
        };
        let summary = summary(&found);
        progress.announce(&format!(
            "recovering: the last `macrame {}` of project {project} (pid {}) did not finish; {summary}",
            found.command, found.pid
        ));
        self.settle_removals(&found).await?;
        let errors = if found.committed {
            let parked = std::mem::take(&mut *found.journal.parked.lock().expect("not poisoned"));
            self.discard_parked(parked, found.remove_volumes, progress)
                .await
        } else {
            self.undo(&found.journal, progress).await
        };
        if !errors.is_empty() {
            return Err(Error::Unrecovered {
                journal: path.to_path_buf(),
                errors,
            });
        }
        std::fs::remove_file(path).map_err(Error::io(&object, Operation::Remove))?;
        progress.announce(&format!(
            "recovered: the last `macrame {}` (pid {}) {}",
            found.command,
            found.pid,
            if found.committed {
                "is finished"
            } else {
                "is undone"
            }
        ));
        Ok(true)
    }
}

impl Runtime {
    /// Sees through the network removals the dead run announced and may
    /// have sent: each is removed again (gone by now is fine), so that the
    /// undo restores it whether the engine had finished or not. One the
    /// engine refuses to remove (something joined it since) was never
    /// removed: it stays, and is not restored.
    async fn settle_removals(&self, found: &Found) -> Result<()> {
        for (name, id) in &found.removing {
            if !self.engine.remove_network_unless_used(name, id).await? {
                let mut dropped = found.journal.dropped.lock().expect("not poisoned");
                dropped.retain(|gone| &gone.name != name);
            }
        }
        Ok(())
    }
}

/// The records of a journal. A last line cut short is a write the run
/// died in: the step it announced was not taken.
fn parse(text: &[u8]) -> std::result::Result<Vec<Record>, String> {
    let text = std::str::from_utf8(text).map_err(|e| format!("not UTF-8: {e}"))?;
    let complete = text.ends_with('\n');
    let lines: Vec<&str> = text.lines().collect();
    let mut records = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        match serde_json::from_str(line) {
            Ok(record) => records.push(record),
            Err(_) if index + 1 == lines.len() && !complete => break,
            Err(error) => return Err(format!("line {} is damaged ({error})", index + 1)),
        }
    }
    Ok(records)
}

/// The dead run's journal, keeping only what is still to undo on the
/// host as `observed`: its own undo may have got part of the way.
fn rebuild(records: Vec<Record>, observed: &Observed, project: &str) -> Option<Found> {
    let mut records = records.into_iter();
    let Some(Record::Begin {
        command,
        pid,
        remove_volumes,
    }) = records.next()
    else {
        return None;
    };
    let mut found = Found {
        command,
        pid,
        remove_volumes,
        ..Found::default()
    };
    let ours = |labels: &std::collections::BTreeMap<String, String>| {
        labels
            .get(crate::observed::labels::PROJECT)
            .map(String::as_str)
            == Some(project)
    };
    let link = |name: &str| observed.links.iter().any(|l| l.name == name);
    let mut undo: Vec<Undo> = Vec::new();
    let mut creating: Vec<(Kind, String, String)> = Vec::new();
    let mut dropped = Vec::new();
    let mut parked = Vec::new();
    let mut unlinked = Vec::new();
    let mut removed = Vec::new();
    let mut undoing = false;
    for record in records {
        match record {
            Record::Begin { .. } => {}
            Record::Creating {
                kind,
                name,
                docker_name,
            } => creating.push((kind, name, docker_name)),
            Record::Created(entry) => {
                let (kind, name) = match &entry {
                    Undo::Link { kind, name } => (*kind, name.as_str()),
                    Undo::Network { name, .. } => (Kind::Network, name.as_str()),
                    Undo::Container { name, .. } => (Kind::Container, name.as_str()),
                    Undo::Volume { name, .. } => (Kind::Volume, name.as_str()),
                    Undo::Directory(..) => {
                        undo.push(entry);
                        continue;
                    }
                };
                creating.retain(|(k, n, _)| !(*k == kind && n == name));
                undo.push(entry);
            }
            Record::Parking(old) => parked.push(old),
            Record::Dropping { id, dropped: gone } => dropped.push((id, gone)),
            Record::Unlinking(record) => unlinked.push(record),
            Record::Removed { object } => removed.push(object),
            Record::Commit => found.committed = true,
            Record::Undoing => undoing = true,
        }
    }
    // The dead run was undoing: what it announced and never confirmed
    // failed, and what has that name now is what its undo put back.
    if undoing {
        creating.clear();
    }
    // Announced and never confirmed: made or not, as the host tells.
    for (kind, name, docker_name) in creating {
        let made = match kind {
            Kind::Vlan | Kind::Shim => link(&name).then(|| Undo::Link {
                kind,
                name: name.clone(),
            }),
            Kind::Network => observed
                .networks
                .iter()
                .find(|n| n.name == docker_name && ours(&n.labels))
                .map(|n| Undo::Network {
                    name: name.clone(),
                    id: n.id.clone(),
                }),
            Kind::Container => observed
                .containers
                .iter()
                .find(|c| c.name == docker_name && ours(&c.labels))
                .map(|c| Undo::Container {
                    name: name.clone(),
                    id: c.id.clone(),
                }),
            Kind::Volume => observed
                .volumes
                .iter()
                .find(|v| v.name == docker_name && ours(&v.labels))
                .map(|_| Undo::Volume {
                    name: name.clone(),
                    docker_name: docker_name.clone(),
                }),
            Kind::Service => None,
        };
        undo.extend(made);
    }
    // What the dead run's own undo removed already is left out.
    undo.retain(|entry| match entry {
        Undo::Link { name, .. } => link(name),
        Undo::Network { id, .. } => observed.networks.iter().any(|n| &n.id == id),
        Undo::Container { id, .. } => observed.containers.iter().any(|c| &c.id == id),
        Undo::Volume { docker_name, .. } => observed.volumes.iter().any(|v| &v.name == docker_name),
        Undo::Directory(..) => true,
    });
    let undone_networks: BTreeSet<&str> = undo
        .iter()
        .filter_map(|entry| match entry {
            Undo::Network { id, .. } => Some(id.as_str()),
            _ => None,
        })
        .collect();
    // A removed network is restored unless it was not removed after all,
    // or is back (restored by the dead run's own undo: its parked
    // containers rejoin it all the same). One still there before
    // `Undoing` may be under the removal the dead run sent: removed
    // again, and then restored, as if that removal had been seen through.
    let mut restored = BTreeSet::new();
    let mut removing = Vec::new();
    let dropped = dropped
        .into_iter()
        .filter(|(id, gone)| {
            if observed.networks.iter().any(|n| &n.id == id) {
                if !undoing {
                    removing.push((gone.name.clone(), id.clone()));
                }
                return !undoing;
            }
            let back = observed
                .networks
                .iter()
                .any(|n| n.name == gone.docker_name && !undone_networks.contains(n.id.as_str()));
            if back {
                restored.insert(gone.docker_name.clone());
            }
            !back
        })
        .map(|(_, gone)| gone)
        .collect();
    let undone_links: BTreeSet<&str> = undo
        .iter()
        .filter_map(|entry| match entry {
            Undo::Link { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    let unlinked = unlinked
        .into_iter()
        .filter(|record| !link(record.name()) || undone_links.contains(record.name()))
        .collect();
    // A parked container as it is now: renamed aside or not yet, stopped
    // or started again by the dead run's own undo. Only after `Undoing`
    // (every step had ended, its stop too) is running now that undo's own
    // start; before it, a container still running may be under the stop
    // the dead run sent, which the engine carries out all the same.
    let parked = parked
        .into_iter()
        .filter_map(|mut old| {
            let now = observed.containers.iter().find(|c| c.id == old.id)?;
            old.renamed = now.name != old.docker_name;
            if undoing {
                old.running = old.running && !now.running;
            } else {
                old.stop_first = old.running && now.running;
            }
            Some(old)
        })
        .collect();
    found.removing = removing;
    found.journal = Journal {
        undo: undo.into(),
        parked: std::sync::Mutex::new(parked),
        dropped: std::sync::Mutex::new(dropped),
        unlinked: std::sync::Mutex::new(unlinked),
        removed: removed.into(),
        restored: restored.into(),
        ..Journal::default()
    };
    Some(found)
}

/// What is left to do, in a few words.
fn summary(found: &Found) -> String {
    let count = |n: usize, what: &str| (n > 0).then(|| format!("{n} {what}"));
    let journal = &found.journal;
    let parked = journal.parked.lock().expect("not poisoned").len();
    if found.committed {
        return format!(
            "it had applied the file; finishing it: {}",
            count(parked, "old container(s) to remove").unwrap_or_else(|| "nothing left".into())
        );
    }
    let parts: Vec<String> = [
        count(
            journal.undo.lock().expect("not poisoned").len(),
            "object(s) it made to remove",
        ),
        count(parked, "container(s) it set aside to bring back"),
        count(
            journal.dropped.lock().expect("not poisoned").len(),
            "network(s) it removed to restore",
        ),
        count(
            journal.unlinked.lock().expect("not poisoned").len(),
            "link(s) it removed to restore",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    let removed = journal.removed.lock().expect("not poisoned").len();
    let gone = if removed > 0 {
        format!(" ({removed} object(s) it removed for good stay removed)")
    } else {
        String::new()
    };
    if parts.is_empty() {
        format!("nothing of it is left to undo{gone}")
    } else {
        format!("undoing it: {}{gone}", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::super::journal::Parked;
    use super::*;
    use crate::observed::{DockerContainer, DockerNetwork, HostLink};
    use std::collections::BTreeMap;

    fn line(record: &Record) -> String {
        serde_json::to_string(record).unwrap() + "\n"
    }

    fn begin() -> Record {
        Record::Begin {
            command: "up".into(),
            pid: 7,
            remove_volumes: false,
        }
    }

    fn labels() -> BTreeMap<String, String> {
        [(
            crate::observed::labels::PROJECT.to_string(),
            "lab".to_string(),
        )]
        .into()
    }

    #[test]
    fn a_last_line_cut_short_is_a_step_not_taken() {
        let mut text = line(&begin());
        text.push_str("{\"creating\":{\"kind\":\"net");
        assert_eq!(parse(text.as_bytes()).unwrap().len(), 1);
    }

    #[test]
    fn a_damaged_line_before_the_last_is_refused() {
        let text = format!("{}garbage\n{}", line(&begin()), line(&Record::Commit));
        assert_eq!(
            parse(text.as_bytes()).unwrap_err(),
            "line 2 is damaged (expected value at line 1 column 1)"
        );
    }

    #[test]
    fn what_was_announced_is_found_by_name_and_what_is_gone_is_left_out() {
        let records = vec![
            begin(),
            Record::Created(Undo::Network {
                name: "old".into(),
                id: "n-gone".into(),
            }),
            Record::Creating {
                kind: Kind::Network,
                name: "lan".into(),
                docker_name: "lab_lan".into(),
            },
            Record::Creating {
                kind: Kind::Container,
                name: "web".into(),
                docker_name: "lab-web".into(),
            },
            Record::Creating {
                kind: Kind::Shim,
                name: "s0".into(),
                docker_name: "s0".into(),
            },
        ];
        let observed = Observed {
            networks: vec![DockerNetwork {
                id: "n1".into(),
                name: "lab_lan".into(),
                labels: labels(),
                ..DockerNetwork::default()
            }],
            // Another project's container of that name is not this run's.
            containers: vec![DockerContainer {
                id: "c1".into(),
                name: "lab-web".into(),
                ..DockerContainer::default()
            }],
            links: vec![HostLink {
                name: "s0".into(),
                ..HostLink::default()
            }],
            ..Observed::default()
        };
        let found = rebuild(records, &observed, "lab").unwrap();
        let undo = found.journal.undo.into_inner().unwrap();
        let names: Vec<String> = undo
            .iter()
            .map(|entry| match entry {
                Undo::Network { id, .. } => format!("network {id}"),
                Undo::Link { name, .. } => format!("link {name}"),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(names, ["network n1", "link s0"]);
        assert!(!found.committed);
    }

    #[test]
    fn a_parked_container_is_taken_as_it_is_now() {
        let parked = parked_web();
        let gone = Parked {
            id: "c2".into(),
            ..parked.clone()
        };
        let records = vec![
            begin(),
            Record::Parking(parked),
            Record::Parking(gone),
            Record::Commit,
        ];
        let observed = Observed {
            containers: vec![DockerContainer {
                id: "c1".into(),
                name: "lab-web-old-c1".into(),
                running: false,
                ..DockerContainer::default()
            }],
            ..Observed::default()
        };
        let found = rebuild(records, &observed, "lab").unwrap();
        let parked = found.journal.parked.into_inner().unwrap();
        assert_eq!(parked.len(), 1);
        assert!(parked[0].renamed && parked[0].running);
        assert!(found.committed);
    }

    fn parked_web() -> Parked {
        Parked {
            name: "web".into(),
            id: "c1".into(),
            project: "lab".into(),
            docker_name: "lab-web".into(),
            running: true,
            renamed: false,
            replaced: true,
            volumes: Vec::new(),
            endpoints: BTreeMap::new(),
            declared_macs: Default::default(),
            gateways: Vec::new(),
            stop_timeout: 3,
            stop_first: false,
        }
    }

    fn running_web() -> Observed {
        Observed {
            containers: vec![DockerContainer {
                id: "c1".into(),
                name: "lab-web".into(),
                running: true,
                state: "running".into(),
                ..DockerContainer::default()
            }],
            ..Observed::default()
        }
    }

    #[test]
    fn a_parked_container_still_running_before_undoing_is_stopped_then_started() {
        // Killed after its stop was sent: the engine may stop it a moment
        // after the listing. Running now is no restart by an undo.
        let records = vec![begin(), Record::Parking(parked_web())];
        let found = rebuild(records, &running_web(), "lab").unwrap();
        let parked = found.journal.parked.into_inner().unwrap();
        assert!(parked[0].stop_first && parked[0].running);
        assert_eq!(parked[0].stop_timeout, 3);
    }

    #[test]
    fn a_parked_container_running_after_undoing_was_started_by_that_undo() {
        let records = vec![begin(), Record::Parking(parked_web()), Record::Undoing];
        let found = rebuild(records, &running_web(), "lab").unwrap();
        let parked = found.journal.parked.into_inner().unwrap();
        assert!(!parked[0].stop_first && !parked[0].running);
    }

    #[test]
    fn a_journal_without_stop_timeouts_reads_the_default() {
        let mut line = serde_json::to_value(Record::Parking(parked_web())).unwrap();
        line["parking"]
            .as_object_mut()
            .unwrap()
            .remove("stop_timeout");
        let text = format!("{}\n{line}\n", line_of(&begin()));
        let records = parse(text.as_bytes()).unwrap();
        let Record::Parking(old) = &records[1] else {
            panic!("{records:?}")
        };
        assert_eq!(old.stop_timeout, 10);
    }

    fn line_of(record: &Record) -> String {
        serde_json::to_string(record).unwrap()
    }

    fn dropping_lan() -> Record {
        Record::Dropping {
            id: "n1".into(),
            dropped: super::super::journal::Dropped {
                name: "lan".into(),
                docker_name: "lab_lan".into(),
                request: Default::default(),
            },
        }
    }

    fn lan_still_there() -> Observed {
        Observed {
            networks: vec![DockerNetwork {
                id: "n1".into(),
                name: "lab_lan".into(),
                labels: labels(),
                ..DockerNetwork::default()
            }],
            ..Observed::default()
        }
    }

    #[test]
    fn a_network_still_there_before_undoing_is_removed_again_then_restored() {
        let records = vec![begin(), dropping_lan()];
        let found = rebuild(records, &lan_still_there(), "lab").unwrap();
        assert_eq!(found.removing, [("lan".to_string(), "n1".to_string())]);
        let dropped = found.journal.dropped.into_inner().unwrap();
        assert_eq!(dropped.len(), 1);
    }

    #[test]
    fn a_network_still_there_after_undoing_was_never_removed() {
        let records = vec![begin(), dropping_lan(), Record::Undoing];
        let found = rebuild(records, &lan_still_there(), "lab").unwrap();
        assert!(found.removing.is_empty());
        assert!(found.journal.dropped.into_inner().unwrap().is_empty());
    }

    #[test]
    fn after_undoing_a_failed_creation_what_has_its_name_is_the_original() {
        // `web` was being recreated: parked, then its successor failed at
        // create, then the undo gave the original its name back.
        let records = vec![
            begin(),
            Record::Dropping {
                id: "n-old".into(),
                dropped: super::super::journal::Dropped {
                    name: "lan".into(),
                    docker_name: "lab_lan".into(),
                    request: Default::default(),
                },
            },
            Record::Creating {
                kind: Kind::Container,
                name: "web".into(),
                docker_name: "lab-web".into(),
            },
            Record::Undoing,
        ];
        let observed = Observed {
            containers: vec![DockerContainer {
                id: "c-original".into(),
                name: "lab-web".into(),
                labels: labels(),
                ..DockerContainer::default()
            }],
            // Restored by the undo, under a new id.
            networks: vec![DockerNetwork {
                id: "n-restored".into(),
                name: "lab_lan".into(),
                labels: labels(),
                ..DockerNetwork::default()
            }],
            ..Observed::default()
        };
        let found = rebuild(records, &observed, "lab").unwrap();
        assert!(found.journal.undo.into_inner().unwrap().is_empty());
        assert!(found.journal.dropped.into_inner().unwrap().is_empty());
        assert_eq!(
            found.journal.restored.into_inner().unwrap(),
            ["lab_lan".to_string()].into()
        );
    }

    #[test]
    fn a_journal_without_its_first_record_did_nothing() {
        assert!(rebuild(Vec::new(), &Observed::default(), "lab").is_none());
    }
}
