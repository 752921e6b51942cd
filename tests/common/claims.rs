//! Which test process a bed's id belongs to, across every test binary and
//! every run on this machine: a bed claims its id with a file named by it
//! under /run/macrame-test/beds holding the test process's pid, so two
//! processes never take one id (`pid % 4096` may be the same for both),
//! and what a dead run left (a killed `cargo test`, a machine that lost
//! power mid-run) is found by its prefix and removed before a new bed
//! starts. Only names of the beds' own shapes are touched: links
//! `mc<hex>a`/`mc<hex>b` and Docker objects of projects `mt<hex>`.

use super::bed::sh;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Once;

const CLAIMS: &str = "/run/macrame-test/beds";

fn claim_path(id: &str) -> PathBuf {
    Path::new(CLAIMS).join(id)
}

/// The pid in a claim, if it is a process that still runs.
fn live_owner(id: &str) -> Option<u32> {
    let pid: u32 = std::fs::read_to_string(claim_path(id))
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Path::new(&format!("/proc/{pid}")).exists().then_some(pid)
}

/// A bed id (hex digits) from a name of the beds' shapes.
fn id_in(name: &str, prefix: &str, suffixes: &[char]) -> Option<String> {
    let rest = name.strip_prefix(prefix)?;
    let rest = if suffixes.is_empty() {
        rest
    } else {
        rest.strip_suffix(suffixes)?
    };
    (rest.len() >= 4 && rest.bytes().all(|b| b.is_ascii_hexdigit())).then(|| rest.to_string())
}

fn lines(program: &str, args: &[&str]) -> Vec<String> {
    String::from_utf8_lossy(&sh(program, args).stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// The ids that have links or Docker objects on this host and engine.
fn ids_in_use() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for line in lines("ip", &["-o", "link", "show"]) {
        let name = line.split_whitespace().nth(1).unwrap_or("");
        let name = name.split(['@', ':']).next().unwrap_or("");
        ids.extend(id_in(name, "mc", &['a', 'b']));
    }
    for label in ["io.macrame.project", "macrame-test"] {
        let format = format!("{{{{.Label \"{label}\"}}}}");
        for listing in [
            vec!["ps", "-a", "--format", &format],
            vec!["network", "ls", "--format", &format],
            vec!["volume", "ls", "--format", &format],
        ] {
            for project in lines("docker", &listing) {
                ids.extend(id_in(&project, "mt", &[]));
            }
        }
    }
    ids
}

/// Everything of project `project` on the engine: its containers (and
/// those of the test's own peers, labelled `macrame-test=PROJECT`), then
/// its networks and volumes.
pub fn remove_project(project: &str) {
    let own = format!("label=io.macrame.project={project}");
    let foreign = format!("label=macrame-test={project}");
    for filter in [&own, &foreign] {
        for id in lines("docker", &["ps", "-aq", "--filter", filter]) {
            let _ = sh("docker", &["rm", "-f", "-v", &id]);
        }
    }
    for filter in [&own, &foreign] {
        for id in lines("docker", &["network", "ls", "-q", "--filter", filter]) {
            let _ = sh("docker", &["network", "rm", &id]);
        }
        for name in lines("docker", &["volume", "ls", "-q", "--filter", filter]) {
            let _ = sh("docker", &["volume", "rm", &name]);
        }
    }
}

/// What a bed of `id` left: its Docker objects, its veth pair (which
/// takes the macvlans and shims on it along), its claim.
fn sweep(id: &str) {
    remove_project(&format!("mt{id}"));
    let _ = sh("ip", &["link", "del", &format!("mc{id}a")]);
    let _ = sh("ip", &["link", "del", &format!("mc{id}b")]);
    let _ = std::fs::remove_file(claim_path(id));
}

/// Once a process: removes what beds of processes that no longer run
/// left. The host is listed before the claims are read: a live bed claims
/// its id before it makes anything, so whatever was listed of it has its
/// claim by then.
fn sweep_stale() {
    let in_use = ids_in_use();
    let claimed: BTreeSet<String> = std::fs::read_dir(CLAIMS)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    for id in in_use.union(&claimed) {
        if live_owner(id).is_none() {
            eprintln!("test bed: removing what a dead run left of bed {id}");
            sweep(id);
        }
    }
}

/// A bed id no other live process holds, claimed for this one; what a
/// dead run left is removed first.
pub fn claim(next: impl Fn() -> String) -> String {
    static SWEPT: Once = Once::new();
    SWEPT.call_once(sweep_stale);
    std::fs::create_dir_all(CLAIMS).expect("make /run/macrame-test/beds");
    loop {
        let id = next();
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(claim_path(&id));
        match file {
            Ok(mut file) => {
                write!(file, "{}", std::process::id()).expect("write a bed's claim");
                return id;
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                // Another live process's, or a dead one's that the sweep
                // above did not see (it died since): take it once swept.
                if live_owner(&id).is_none() {
                    sweep(&id);
                }
            }
            Err(error) => panic!("cannot claim bed {id}: {error}"),
        }
    }
}

/// The bed is gone: its id is free again.
pub fn release(id: &str) {
    let _ = std::fs::remove_file(claim_path(id));
}
