//! vlans for real. This machine's kernel has no 8021q, so the runtime's
//! netlink layer runs in user-mode Linux, a kernel that does, booted as an
//! ordinary process with this machine's files as its root: the test binary
//! itself runs inside it (the `uml_inner` test, ignored outside), and
//! prints its verdict on the console.
//!
//! tests/vm.rs proves the same vlans end to end with Docker in a VM with
//! Debian's kernel (created with their mark, stacked, refused when
//! unmarked, removed by down); this test stays for its speed (seconds
//! against minutes) and for what only it checks: the records a failed run
//! restores links from.

mod common;

use macrame::error::Object;
use macrame::host::{self, Host, LinkRecord};
use macrame::lint::check;
use macrame::observed::Observed;
use macrame::plan::{self, Desired, Kind};
use macrame::source::Source;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MODULES: &[&str] = &[
    "net/llc/llc",
    "net/802/stp",
    "net/802/garp",
    "net/802/mrp",
    "net/8021q/8021q",
    "drivers/net/dummy",
    "drivers/net/macvlan",
    "drivers/net/veth",
];

#[test]
fn vlans_in_user_mode_linux() {
    common::needs_runtime();
    // The kernel that boots on this processor, and its modules: chosen by
    // scripts/uml (Debian's own, or sid's where that one cannot run).
    let uml = "/var/cache/macrame-test/uml/linux.uml";
    assert!(
        std::path::Path::new(uml).exists(),
        "user-mode Linux is missing: scripts/testbed prepares it (scripts/uml)"
    );
    let dir = tempfile::Builder::new()
        .prefix("macrame-uml")
        .tempdir()
        .unwrap();
    let init = dir.path().join("init.sh");
    let insmods: String = MODULES
        .iter()
        .map(|m| format!("busybox insmod \"$M/{m}.ko\" || echo \"UML: cannot load {m}\"\n"))
        .collect();
    let script = format!(
        "#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
M=/var/cache/macrame-test/uml/modules/$(uname -r)/kernel
{insmods}export MACRAME_UML_INNER=1 PATH=/usr/sbin:/usr/bin:/sbin:/bin
{exe} --exact uml_inner --include-ignored --nocapture --test-threads=1 2>&1
echo \"UML-EXIT: $?\"
busybox poweroff -f
",
        exe = std::env::current_exe().unwrap().display()
    );
    std::fs::write(&init, script).unwrap();
    std::fs::set_permissions(&init, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();

    let mut child = Command::new(uml)
        .args([
            "mem=256M",
            "rootfstype=hostfs",
            "rootflags=/",
            "rw",
            "con=null",
            "con0=fd:0,fd:1",
        ])
        .arg(format!("init={}", init.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("boot user-mode Linux");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut output = String::new();
        let _ = stdout.read_to_string(&mut output);
        output
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.wait();
    let output = reader.join().unwrap();
    assert!(
        output.contains("UML-VERDICT: ok") && output.contains("UML-EXIT: 0"),
        "inside user-mode Linux:\n{}",
        output
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn ip(args: &[&str]) {
    let status = Command::new("ip").args(args).status().expect("ip");
    assert!(status.success(), "ip {args:?}");
}

fn topology(text: &str) -> macrame::model::Topology {
    let checked = check(&Source::new("uml.mcr", text), "uml");
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    checked.topology
}

async fn observe(host: &Host) -> Observed {
    Observed {
        links: host.links().await.unwrap(),
        routes: host.routes().await.unwrap(),
        vlan_support: host::vlan_support(),
        ..Observed::default()
    }
}

/// Runs inside user-mode Linux only.
#[test]
#[ignore = "runs inside user-mode Linux, booted by vlans_in_user_mode_linux"]
fn uml_inner() {
    if std::env::var_os("MACRAME_UML_INNER").is_none() {
        return;
    }
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
        ip(&["link", "add", "d0", "type", "dummy"]);
        ip(&["link", "add", "d1", "type", "dummy"]);
        ip(&["link", "set", "d0", "up"]);
        ip(&["link", "set", "d1", "up"]);
        // Made by hand, before macrame: the same id on another parent, and
        // another id on the same parent.
        ip(&["link", "add", "link", "d1", "name", "d1.50", "type", "vlan", "id", "50"]);
        ip(&["link", "add", "link", "d0", "name", "d0.60", "type", "vlan", "id", "60"]);
        let host = Host::connect().unwrap();
        assert!(host::vlan_support(), "8021q is loaded here");

        // A file that wants `d0.60`, which macrame does not own: refused.
        let taken = topology(
            "project uml\nvlan 60 on d0\nnetwork n60 { parent d0.60; subnet 10.60.0.0/24 gateway 10.60.0.1 }\ncontainer c { image x; network n60 }\n",
        );
        let refusals = plan::plan(&taken, &observe(&host).await).unwrap_err();
        assert!(refusals.iter().any(|r| r.object == macrame::object::Object::Vlan("d0.60".into()) && r.problem.contains("not this project's")), "{refusals:?}");

        // vlan 50 on d0, a network on it and a shim on that network.
        let wanted = topology(
            "project uml
vlan 50 on d0 { mtu 1400 }
network n50 { parent d0.50; subnet 10.50.0.0/24 gateway 10.50.0.1 }
shim umlshim { network n50; address 10.50.0.250/32; route 10.50.0.0/28 }
container c { image x; network n50 ip 10.50.0.10 }
",
        );
        let plan = plan::plan(&wanted, &observe(&host).await).expect("plan");
        for change in &plan.changes {
            match &change.desired {
                Some(Desired::Vlan(spec)) => host.create_vlan(spec).await.unwrap(),
                Some(Desired::Shim(spec)) => host.create_shim(spec).await.unwrap(),
                _ => {}
            }
        }
        let observed = observe(&host).await;
        let vlan = observed.link("d0.50").expect("d0.50 created");
        assert_eq!(vlan.kind.as_deref(), Some("vlan"));
        assert_eq!(vlan.vlan_id, Some(50));
        assert_eq!(vlan.mtu, Some(1400));
        assert_eq!(observed.link_by_index(vlan.parent.unwrap()).unwrap().name, "d0");
        assert_eq!(vlan.alias.as_deref(), Some("macrame:uml:vlan:d0.50"));
        let shim = observed.link("umlshim").expect("shim created");
        assert_eq!(shim.kind.as_deref(), Some("macvlan"));
        assert_eq!(shim.macvlan_mode.as_deref(), Some("bridge"));
        assert_eq!(shim.parent, Some(vlan.index));
        assert!(shim.addresses.contains(&"10.50.0.250/32".parse().unwrap()), "{:?}", shim.addresses);
        assert!(observed.routes.iter().any(|r| r.interface == shim.index && r.destination.to_string() == "10.50.0.0/28"));

        // Planned again: the links match; only the engine's part is left.
        let again = plan::plan(&wanted, &observed).expect("plan");
        let links: Vec<_> = again.changes.iter().filter(|c| matches!(c.kind, Kind::Vlan | Kind::Shim)).collect();
        assert!(links.is_empty(), "{links:?}");

        // A failed run's undo: records taken while the links are there
        // bring them back as they were once deleted (vlan, then shim).
        let records: Vec<LinkRecord> = ["d0.50", "umlshim"]
            .iter()
            .map(|name| LinkRecord::of(&observed.links, &observed.routes, name).expect(name))
            .collect();
        host.delete_link(&Object::Shim("umlshim".into()), "umlshim").await.unwrap();
        host.delete_link(&Object::Vlan("d0.50".into()), "d0.50").await.unwrap();
        for record in &records {
            host.restore_link(record).await.unwrap();
        }
        let observed = observe(&host).await;
        for record in &records {
            let again = LinkRecord::of(&observed.links, &observed.routes, record.name());
            assert_eq!(again.as_ref(), Some(record), "{} restored otherwise", record.name());
        }

        // Down: exactly what was created, nothing else.
        let down = plan::teardown("uml", &observed, false).expect("nothing else on the vlan");
        let removed: Vec<&str> = down.changes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(removed, ["umlshim", "d0.50"]);
        for change in &down.changes {
            host.delete_link(&Object::of_kind(change.kind, &change.name), &change.name).await.unwrap();
        }
        let after = observe(&host).await;
        for gone in ["d0.50", "umlshim"] {
            assert!(after.link(gone).is_none(), "{gone} left behind");
        }
        for kept in ["d0", "d1", "d1.50", "d0.60"] {
            assert!(after.link(kept).is_some(), "{kept} was removed");
        }
        println!("UML-VERDICT: ok");
    });
}
