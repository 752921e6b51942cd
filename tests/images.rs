//! Images on the real engine: built from a context with bollard (rebuilt,
//! and the container recreated, when a file of the context changes), and
//! pulled with progress from a real registry (Debian's docker-registry on
//! 127.0.0.1:5000, which scripts/testbed starts).
//!
//! Needs root, a running dockerd with the test image, and the registry,
//! as tests/runtime.rs (the README's test command sets them up).

mod common;

use common::bed::{Bed, IMAGE, docker_inspect, ok, sh};

#[test]
fn a_built_image_is_rebuilt_when_its_context_changes() {
    let bed = Bed::new();
    let app = bed.dir().join("app");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(
        app.join("Dockerfile"),
        format!(
            "FROM {IMAGE}\nARG GREETING\nCOPY hello /hello\nRUN echo \"$GREETING\" > /greeting\n"
        ),
    )
    .unwrap();
    std::fs::write(app.join("hello"), "one\n").unwrap();
    bed.file(
        "project {project}
network lan { parent {a}; subnet 10.230.1.0/24 gateway 10.230.1.1 }
container app { build \"./app\" { arg GREETING = \"hi\" }; command sleep 600; init; network lan ip 10.230.1.10 }
",
    );
    let run = bed.must(&["up", "--progress", "plain"]);
    assert!(
        run.stderr.contains("building image for container app"),
        "{}",
        run.stderr
    );
    assert_eq!(bed.stdout_of("app", &["cat", "/hello"]), "one\n");
    assert_eq!(bed.stdout_of("app", &["cat", "/greeting"]), "hi\n");
    let image = format!("{}-app", bed.project);
    let label = docker_inspect(
        "{{index .Config.Labels \"io.macrame.context-hash\"}}",
        &image,
    );
    assert!(
        !label.trim().is_empty(),
        "the image carries its context's hash"
    );

    let run = bed.must(&["up", "--progress", "plain"]);
    assert!(
        !run.stderr.contains("building"),
        "an unchanged context is not built again:\n{}",
        run.stderr
    );
    let id = bed.container_id("app");
    std::fs::write(app.join("hello"), "two\n").unwrap();
    let plan = bed.must(&["plan"]);
    assert!(
        plan.stdout.contains("~ recreate container app"),
        "{}",
        plan.stdout
    );
    bed.must(&["up"]);
    assert_ne!(bed.container_id("app"), id);
    assert_eq!(bed.stdout_of("app", &["cat", "/hello"]), "two\n");

    let run = bed.must(&["build", "--progress", "plain"]);
    assert!(
        run.stdout.contains("1 built"),
        "`build` builds whatever changed: {}",
        run.stdout
    );
    let _ = sh("docker", &["rmi", "-f", &image]);
}

#[test]
fn a_failing_build_names_the_container_and_changes_nothing() {
    let bed = Bed::new();
    let app = bed.dir().join("app");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(
        app.join("Dockerfile"),
        format!(
            "FROM {IMAGE}\nRUN echo no compiler for {}; exit 3\n",
            bed.project
        ),
    )
    .unwrap();
    bed.file(
        "project {project}
network lan { parent {a}; subnet 10.231.1.0/24 gateway 10.231.1.1 }
container app { build \"./app\"; command sleep 600; network lan ip 10.231.1.10 }
",
    );
    bed.must_refuse(
        &["up"],
        &[
            "container app (build ",
            "build failed",
            "returned a non-zero code: 3",
            "was undone",
        ],
    );
    // Docker's builder leaves no container of the failed step behind.
    let commands = ok(
        "docker",
        &["ps", "-a", "--no-trunc", "--format", "{{.Command}}"],
    );
    assert!(
        !commands.contains(&format!("no compiler for {}", bed.project)),
        "{commands}"
    );
}

#[test]
fn images_are_pulled_from_a_registry_as_the_pull_policy_says() {
    let bed = Bed::new();
    // An image with a layer of its own, so that pulling it moves bytes.
    let remote = format!("127.0.0.1:5000/macrame-test/{}:pulled", bed.project);
    let context = bed.dir().join("blob");
    std::fs::create_dir_all(&context).unwrap();
    std::fs::write(
        context.join("Dockerfile"),
        format!("FROM {IMAGE}\nRUN head -c 3000000 /dev/urandom > /blob\n"),
    )
    .unwrap();
    ok(
        "docker",
        &["build", "-q", "-t", &remote, context.to_str().unwrap()],
    );
    ok("docker", &["push", &remote]);
    ok("docker", &["rmi", &remote]);
    let file = |policy: &str| {
        format!(
            "project {{project}}
network lan {{ parent {{a}}; subnet 10.232.1.0/24 gateway 10.232.1.1 }}
container c {{ image \"{remote}\"; pull {policy}; command sleep 600; init; network lan ip 10.232.1.10 }}
"
        )
    };
    bed.file(&file("never"));
    bed.must_refuse(&["up"], &["`pull never` forbids pulling it"]);
    bed.file(&file("missing"));
    let run = bed.must(&["pull", "--progress", "plain"]);
    assert!(
        run.stderr
            .contains(&format!("pulling {remote} for container c")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(" MB"),
        "the bytes are shown: {}",
        run.stderr
    );
    assert!(run.stdout.contains("1 pulled"), "{}", run.stdout);
    let run = bed.must(&["up", "--progress", "plain"]);
    assert!(
        !run.stderr.contains("pulling"),
        "present, so not pulled again:\n{}",
        run.stderr
    );
    bed.must(&["down"]);
    bed.file(&file("always"));
    let run = bed.must(&["up", "--progress", "plain"]);
    assert!(
        run.stderr.contains("pulling"),
        "`pull always` pulls every time:\n{}",
        run.stderr
    );
    bed.must(&["down"]);
    let _ = sh("docker", &["rmi", "-f", &remote]);

    let missing = format!("127.0.0.1:5000/macrame-test/{}:gone", bed.project);
    bed.file(&file("missing").replace(&remote, &missing));
    bed.must_refuse(&["up"], &["container c", "neither present nor pullable"]);
}
