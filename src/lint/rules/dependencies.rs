//! `depends-on`: order and reachability between containers.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::Context;
use crate::model::ip;
use crate::model::{Container, MacvlanMode};

/// Depth-first, without recursion (a generated file may chain thousands of
/// containers); a back edge closes a cycle.
pub fn cycle(cx: &Context, out: &mut Vec<Diagnostic>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let containers = &cx.topology.containers;
    let mut mark = vec![Mark::New; containers.len()];
    for root in 0..containers.len() {
        if mark[root] != Mark::New {
            continue;
        }
        // (container, index of the next dependency to follow)
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        mark[root] = Mark::OnPath;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let Some(edge) = containers[node].depends_on.get(*next) else {
                mark[node] = Mark::Done;
                path.pop();
                continue;
            };
            *next += 1;
            let target = edge.value;
            match mark[target] {
                Mark::New => {
                    mark[target] = Mark::OnPath;
                    path.push((target, 0));
                }
                Mark::OnPath => {
                    let start = path
                        .iter()
                        .position(|&(n, _)| n == target)
                        .expect("on the path");
                    let names: Vec<&str> = path[start..]
                        .iter()
                        .map(|&(n, _)| cx.container_name(n))
                        .chain(std::iter::once(cx.container_name(target)))
                        .collect();
                    let mut diagnostic = Diagnostic::new(
                        Code::DependencyCycle,
                        edge.span,
                        if names.len() == 2 {
                            format!("container `{}` depends on itself", names[0])
                        } else {
                            format!("`depends-on` forms a cycle: {}", names.join(" → "))
                        },
                    )
                    .note("closes the cycle")
                    .help(format!(
                        "no container can start first: remove one `depends-on` in the cycle, e.g. this one (`{}` on `{}`)",
                        cx.container_name(node),
                        cx.container_name(target)
                    ));
                    for &(n, _) in &path[start..] {
                        if n != node {
                            diagnostic =
                                diagnostic.related(containers[n].name.span, "in the cycle");
                        }
                    }
                    out.push(diagnostic);
                }
                Mark::Done => {}
            }
        }
    }
}

/// Whether two endpoints on one network can talk directly: unless both
/// have static addresses of one family in different subnets, Docker (or
/// the shared subnet) puts them together.
fn share_subnet(cx: &Context, a: &Container, b: &Container, network: usize) -> bool {
    fn find(c: &Container, network: usize) -> Option<&crate::model::Attachment> {
        c.attachments.iter().find(|x| x.network.value == network)
    }
    let (Some(x), Some(y)) = (find(a, network), find(b, network)) else {
        return false;
    };
    let subnets = &cx.topology.networks[network].subnets;
    let subnet_of = |address| {
        subnets
            .iter()
            .position(|s| ip::contains(s.prefix.value, address))
    };
    let v4 = match (&x.ip, &y.ip) {
        (Some(p), Some(q)) => Some(subnet_of(p.value.into()) == subnet_of(q.value.into())),
        _ => None,
    };
    let v6 = match (&x.ip6, &y.ip6) {
        (Some(p), Some(q)) => Some(subnet_of(p.value.into()) == subnet_of(q.value.into())),
        _ => None,
    };
    // Apart only when every family they both pin says so.
    !matches!(
        (v4, v6),
        (Some(false), Some(false)) | (Some(false), None) | (None, Some(false))
    )
}

/// `private-isolated` and `cross-subnet`: a container that depends on
/// another presumably talks to it; say when it cannot.
pub fn reachability(cx: &Context, out: &mut Vec<Diagnostic>) {
    let topology = cx.topology;
    for container in &topology.containers {
        for dependency in &container.depends_on {
            let other = &topology.containers[dependency.value];
            if std::ptr::eq(container, other) {
                continue;
            }
            let shared: Vec<usize> = container
                .attachments
                .iter()
                .map(|a| a.network.value)
                .filter(|&n| share_subnet(cx, container, other, n))
                .collect();
            if shared.is_empty() {
                out.push(
                    Diagnostic::new(
                        Code::CrossSubnet,
                        dependency.span,
                        format!(
                            "container `{}` depends on `{}`, but they share no subnet",
                            container.name.value, other.name.value
                        ),
                    )
                    .note("no common subnet")
                    .related(other.name.span, "the dependency")
                    .help(format!(
                        "they cannot talk directly: attach both to one network (e.g. add `network {}` to `{}`), or route between their subnets",
                        other
                            .attachments
                            .first()
                            .map_or("NAME", |a| cx.network_name(a.network.value)),
                        container.name.value
                    )),
                );
                continue;
            }
            if shared
                .iter()
                .all(|&n| topology.networks[n].mode == MacvlanMode::Private)
            {
                let network = &topology.networks[shared[0]];
                let mut diagnostic = Diagnostic::new(
                    Code::PrivateIsolated,
                    dependency.span,
                    format!(
                        "container `{}` depends on `{}`, but they share only private-mode network `{}`",
                        container.name.value, other.name.value, network.name.value
                    ),
                )
                .note("cannot reach it")
                .help(format!(
                    "private mode drops traffic between endpoints on one parent: use `mode bridge` (or vepa with a hairpin switch) on `{}`, or connect both to another network",
                    network.name.value
                ));
                if let Some(mode) = network.mode_span {
                    diagnostic = diagnostic.related(mode, "private mode");
                }
                out.push(diagnostic);
            }
        }
    }
}
