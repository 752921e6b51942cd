//! Persistence on a host that systemd does not run (this machine): `up`
//! keeps the snapshot, installs no unit anywhere, and says what to run at
//! boot instead; `ps` and `down` agree. (With systemd as pid 1 and with
//! networkd: tests/vm.rs and tests/networkd.rs, in the VM bed.)
//!
//! Needs root and a running dockerd with the test image: `scripts/testbed`.

mod common;

use common::bed::Bed;
use std::process::Command;

/// A command of the bed's, without MACRAME_SYSTEMD_DIR: as on a host of
/// a user's.
fn run_plain(bed: &Bed, args: &[&str]) -> (i32, String, String) {
    let (name, rest) = args.split_first().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_macrame"))
        .arg(name)
        .arg("--file")
        .arg(bed.path())
        .args(rest)
        .env("MACRAME_STATE_DIR", &bed.state_dir)
        .env_remove("MACRAME_SYSTEMD_DIR")
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn without_systemd_up_keeps_the_snapshot_and_says_what_to_run_at_boot() {
    assert!(
        !std::path::Path::new("/run/systemd/system").exists(),
        "this test is for a host that systemd does not run"
    );
    let bed = Bed::new();
    bed.file(
        "project {project}
network lan { parent {a}; subnet 10.249.1.0/24 gateway 10.249.1.1 }
container web { image \"{image}\"; command sleep 600; network lan ip 10.249.1.10 }
",
    );
    let (status, stdout, stderr) =
        run_plain(&bed, &["up", "--timeout", "1", "--progress", "plain"]);
    assert_eq!(status, 0, "{stdout}{stderr}");
    let state = bed.state_dir.display().to_string();
    let binary = env!("CARGO_BIN_EXE_macrame");
    let project = &bed.project;
    assert!(
        stderr.contains(&format!(
            "note: project {project}: this host does not run systemd, so nothing restores it at boot; \
             have the boot run `{binary} restore --state-dir {state} {project}` before Docker starts, \
             and `{binary} restore --state-dir {state} --containers {project}` after"
        )),
        "{stderr}"
    );
    let snapshot = bed.state_dir.join(format!("{project}.json"));
    assert!(snapshot.exists());
    assert!(
        stdout.contains(&format!("+ write    file {}", snapshot.display())),
        "{stdout}"
    );
    assert!(!stdout.contains(".service"), "no unit is written: {stdout}");
    for unit in [
        format!("macrame-{project}.service"),
        format!("macrame-{project}-containers.service"),
    ] {
        assert!(
            !std::path::Path::new("/etc/systemd/system")
                .join(&unit)
                .exists(),
            "{unit}"
        );
    }
    let (_, ps, _) = run_plain(&bed, &["ps"]);
    assert!(
        ps.contains(&format!(
            "project {project}: snapshot {}, restored at boot only by `macrame restore` (no units installed)",
            snapshot.display()
        )),
        "{ps}"
    );
    let (status, down, stderr) =
        run_plain(&bed, &["down", "--timeout", "1", "--progress", "plain"]);
    assert_eq!(status, 0, "{down}{stderr}");
    assert!(!snapshot.exists(), "{down}");
}
