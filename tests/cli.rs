//! The `macrame` binary: output formats, exit statuses, help.

mod common;

use common::Test;

const CLEAN: &str = "\
project t
network lan {
  parent eth1
  subnet 10.9.0.0/24 gateway 10.9.0.1
}
container web {
  image \"alpine:3.20\"
  network lan ip 10.9.0.10
}
";

const BROKEN: &str = "\
network lan {
  parent eth1
  subnet 10.9.0.0/24
  gateway 10.8.0.1
}
container web {
  image \"alpine:3.20\"
  network lan ip 10.9.0.10
}
";

const WARNING_ONLY: &str = "\
network lan {
  parent eth1
  subnet 10.9.0.0/24 gateway 10.9.0.1
}
";

/// The JSON shape is a contract (LANGUAGE.md): pinned byte for byte.
#[test]
fn json_shape_is_pinned() {
    Test::new()
        .file("lab.mcr", BROKEN)
        .args(&["lint", "--format", "json", "lab.mcr"])
        .status(1)
        .stdout(concat!(
            r#"{"diagnostics":[{"code":"gateway-outside-subnet","severity":"error","#,
            r#""message":"gateway 10.8.0.1 lies in none of network `lan`'s subnets (`10.9.0.0/24`)","#,
            r#""help":"use a gateway inside a subnet (e.g. 10.9.0.1), or add `subnet 10.8.0.0/24`","#,
            r#""file":"lab.mcr","line":4,"column":11,"end_line":4,"end_column":19}],"#,
            r#""errors":1,"warnings":0}"#,
            "\n"
        ))
        .run();
}

#[test]
fn json_when_clean() {
    Test::new()
        .file("macrame.mcr", CLEAN)
        .args(&["lint", "--format", "json"])
        .stdout("{\"diagnostics\":[],\"errors\":0,\"warnings\":0}\n")
        .run();
}

#[test]
fn default_file_is_macrame_mcr() {
    Test::new()
        .file("macrame.mcr", CLEAN)
        .args(&["lint"])
        .stdout("1 file checked: no problems\n")
        .run();
}

#[test]
fn human_output_has_code_snippet_and_help() {
    Test::new()
        .file("lab.mcr", BROKEN)
        .args(&["lint", "lab.mcr"])
        .status(1)
        .stdout_contains("gateway-outside-subnet")
        .stdout_contains("[lab.mcr:4:11]")
        .stdout_contains(" 4 │   gateway 10.8.0.1")
        .stdout_contains("help: use a gateway inside a subnet")
        .stdout_contains("1 file checked: 1 error, 0 warnings")
        .run();
}

#[test]
fn no_colour_when_not_a_terminal() {
    let out = Test::new()
        .file("lab.mcr", BROKEN)
        .args(&["lint", "lab.mcr"])
        .status(1)
        .run();
    assert!(!out.contains('\x1b'), "escape codes in piped output");
}

#[test]
fn warnings_pass_unless_denied() {
    Test::new()
        .file("w.mcr", WARNING_ONLY)
        .args(&["lint", "w.mcr"])
        .stdout_contains("unused-network")
        .run();
    Test::new()
        .file("w.mcr", WARNING_ONLY)
        .args(&["lint", "--deny-warnings", "w.mcr"])
        .status(1)
        .run();
}

#[test]
fn several_files_in_one_run() {
    Test::new()
        .file("a.mcr", CLEAN)
        .file("b.mcr", BROKEN)
        .args(&["lint", "--format", "json", "a.mcr", "b.mcr"])
        .status(1)
        .stdout_contains(r#""file":"b.mcr""#)
        .run();
}

#[test]
fn unreadable_file_exits_2() {
    Test::new()
        .args(&["lint", "missing.mcr"])
        .status(2)
        .stderr_contains("cannot read `missing.mcr`")
        .run();
}

/// The same failure has the same status in every command: a file that
/// cannot be read is 2 (as a wrong argument), one that does not parse 1.
#[test]
fn the_same_failure_has_the_same_status_in_every_command() {
    let commands: [&[&str]; 6] = [
        &["lint"],
        &["fmt"],
        &["graph", "-f"],
        &["config", "-f"],
        &["plan", "-f"],
        &["up", "-f"],
    ];
    for command in commands {
        let args = |file: &'static str| [command, &[file]].concat();
        Test::new()
            .args(&args("missing.mcr"))
            .status(2)
            .stderr_contains("cannot read `missing.mcr`")
            .run();
        Test::new()
            .file("broken.mcr", "network lan {\n")
            .args(&args("broken.mcr"))
            .status(1)
            .run();
    }
    Test::new()
        .args(&["import", "compose.yaml"])
        .status(2)
        .stderr_contains("cannot read `compose.yaml`")
        .run();
    Test::new()
        .file("compose.yaml", "services: [\n")
        .args(&["import", "compose.yaml"])
        .status(1)
        .stderr_contains("not valid YAML")
        .run();
}

#[test]
fn bad_flag_exits_2() {
    Test::new()
        .args(&["lint", "--format", "xml"])
        .status(2)
        .run();
}

#[test]
fn help_and_version() {
    Test::new()
        .args(&["--help"])
        .stdout_contains("Docker macvlan topologies from one small file")
        .stdout_contains("lint")
        .run();
    let help = Test::new().args(&["lint", "--help"]).run();
    for code in macrame::diagnostic::Code::ALL {
        assert!(help.contains(code.as_str()), "lint --help lacks {code}");
    }
    Test::new()
        .args(&["--version"])
        .stdout(&format!("macrame {}\n", env!("CARGO_PKG_VERSION")))
        .run();
}

#[test]
fn project_defaults_to_directory_name() {
    use macrame::model::names::default_project;
    let test = Test::new().file("My Lab/macrame.mcr", CLEAN);
    assert_eq!(
        default_project(&test.dir().join("My Lab/macrame.mcr")),
        "mylab"
    );
}

/// `plan` and `up` refuse a file with lint errors before they touch the
/// engine: no Docker is needed to see it.
#[test]
fn plan_and_up_refuse_a_file_with_lint_errors() {
    for command in ["plan", "up"] {
        Test::new()
            .file("lab.mcr", BROKEN)
            .args(&[command, "-f", "lab.mcr"])
            .status(1)
            .stderr_contains("gateway-outside-subnet")
            .stderr_contains("`lab.mcr` has lint errors; nothing was applied")
            .run();
    }
}

#[test]
fn config_prints_the_file_with_every_variable_resolved() {
    Test::new()
        .file(".env", "NIC=eth9\nTAG=1.27\n")
        .file(
            "macrame.mcr",
            "network lan { parent ${NIC}; subnet ${NET:-10.5.0}.0/24 gateway ${NET:-10.5.0}.1 }   # ${not read}\n\
             container c { image \"nginx:${TAG}\"; network lan ip $IP; env P = \"$$5 \\\"q\\\"\" }\n",
        )
        .env("IP", "10.5.0.9")
        .env("TAG", "1.27-alpine")
        .args(&["config"])
        .stdout(
            "network lan { parent eth9; subnet 10.5.0.0/24 gateway 10.5.0.1 }   # ${not read}\n\
             container c { image \"nginx:1.27-alpine\"; network lan ip 10.5.0.9; env P = \"$$5 \\\"q\\\"\" }\n",
        )
        .run();
}

#[test]
fn config_json_is_the_model_and_an_unset_variable_stops_it() {
    let json = Test::new()
        .file("macrame.mcr", "network lan { parent eth1; subnet 10.5.0.0/24 gateway 10.5.0.1 }\ncontainer c { image \"alpine:3.20\"; network lan ip 10.5.0.9; cap-add NET_ADMIN }\n")
        .args(&["config", "--format", "json"])
        .run();
    let model: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(model["containers"][0]["cap_add"][0], "CAP_NET_ADMIN");
    assert_eq!(model["networks"][0]["parent"], "eth1");
    Test::new()
        .file(
            "macrame.mcr",
            "network lan { parent ${MACRAME_TEST_UNSET_NIC} }\n",
        )
        .args(&["config"])
        .status(1)
        .stderr_contains("variable `MACRAME_TEST_UNSET_NIC` is not set")
        .run();
}

#[test]
fn everyday_commands_have_examples_and_name_an_unknown_container() {
    for command in [
        "logs", "exec", "start", "stop", "restart", "up", "pull", "build", "config",
    ] {
        Test::new()
            .args(&[command, "--help"])
            .stdout_contains("Examples:\n  macrame ")
            .run();
    }
    for command in [
        &["stop", "wbe"][..],
        &["logs", "wbe"],
        &["exec", "wbe", "true"],
        &["start", "wbe"],
    ] {
        Test::new()
            .file("macrame.mcr", "network lan { parent eth1; subnet 10.5.0.0/24 gateway 10.5.0.1 }\ncontainer web { image \"alpine:3.20\"; network lan }\n")
            .args(command)
            .status(2)
            .stderr_contains("the file has no container `wbe`, did you mean `web`?")
            .run();
    }
}

#[test]
fn the_table_of_codes_wraps_under_its_descriptions() {
    for columns in ["80", "100", "200"] {
        let help = Test::new()
            .env("COLUMNS", columns)
            .args(&["lint", "--help"])
            .run();
        let table: Vec<&str> = help
            .lines()
            .skip_while(|l| *l != "Diagnostic codes:")
            .skip(1)
            .take_while(|l| !l.is_empty())
            .collect();
        assert!(table.len() > 60, "{help}");
        let width: usize = columns.parse::<usize>().unwrap().min(100);
        for line in table {
            assert!(
                line.chars().count() <= width,
                "wider than {width}: {line:?}"
            );
            let code = &line[2..28];
            if code.trim().is_empty() {
                assert!(
                    line.starts_with(&" ".repeat(38)) && !line[38..].starts_with(' '),
                    "a wrapped line starts under the descriptions: {line:?}"
                );
            } else {
                assert!(
                    line.starts_with("  ") && !line[2..].starts_with(' '),
                    "{line:?}"
                );
            }
        }
    }
}
