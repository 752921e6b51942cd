//! Lowering of version 2's container settings and `volume` items: each
//! value typed in the engine's units, each mistake reported at its span.

use super::{Lowerer, single};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::names::{self, is_docker_name};
use crate::model::values;
use crate::model::*;
use crate::span::{Span, Spanned};
use crate::suggest;
use crate::syntax::ast::{self, ContainerSetting, Flag, HealthSetting, Limit, Text};
use std::collections::HashMap;

/// The smallest memory limit the engine creates a container with (moby's
/// `linuxMinMemory`).
const MINIMUM_MEMORY: u64 = 6 * 1024 * 1024;

fn invalid(code: Code, text: &Text, what: &str, problem: String, help: &str) -> Diagnostic {
    Diagnostic::new(code, text.span, format!("invalid {what}: {problem}"))
        .note(format!("not a {what}"))
        .help(help.to_string())
}

impl Lowerer {
    /// Keeps the first of a single-valued setting.
    fn once<T>(
        &mut self,
        seen: &mut HashMap<&'static str, Span>,
        keyword: &'static str,
        span: Span,
        slot: &mut Option<T>,
        value: T,
    ) {
        let mut first = seen.get(keyword).copied();
        single(
            slot,
            value,
            keyword,
            span,
            &mut first,
            &mut self.diagnostics,
        );
        if let Some(first) = first {
            seen.insert(keyword, first);
        }
    }

    /// One version 2 setting of a container; `false` when it is not one
    /// of them (a version 1 setting the caller handles).
    pub(super) fn container_option(
        &mut self,
        setting: &ast::Setting<ContainerSetting>,
        options: &mut ContainerOptions,
        seen: &mut HashMap<&'static str, Span>,
    ) -> bool {
        let span = setting.span;
        match &setting.kind {
            ContainerSetting::Build(decl) => {
                let mut build = Build {
                    context: decl.context.clone(),
                    dockerfile: None,
                    args: Vec::new(),
                    target: None,
                };
                let mut inner = HashMap::new();
                for setting in &decl.settings {
                    match &setting.kind {
                        ast::BuildSetting::Dockerfile(file) => self.once(
                            &mut inner,
                            "dockerfile",
                            setting.span,
                            &mut build.dockerfile,
                            file.value.clone(),
                        ),
                        ast::BuildSetting::Arg { key, value } => {
                            build.args.push((key.value.clone(), value.value.clone()))
                        }
                        ast::BuildSetting::Target(target) => self.once(
                            &mut inner,
                            "target",
                            setting.span,
                            &mut build.target,
                            target.value.clone(),
                        ),
                    }
                }
                self.once(seen, "build", span, &mut options.build, build);
            }
            ContainerSetting::Pull(text) => match PullPolicy::parse(&text.value) {
                Some(policy) => {
                    let mut slot = None;
                    self.once(seen, "pull", span, &mut slot, policy);
                    options.pull = slot.unwrap_or(options.pull);
                }
                None => {
                    let hint = suggest::did_you_mean(&text.value, PullPolicy::NAMES);
                    self.report(invalid(
                        Code::InvalidValue,
                        text,
                        "pull policy",
                        format!("`{}`{hint}", text.value),
                        "the policies are always, missing (the default) and never",
                    ));
                }
            },
            ContainerSetting::Entrypoint(args) => {
                let argv = args.iter().map(|a| a.value.clone()).collect();
                self.once(seen, "entrypoint", span, &mut options.entrypoint, argv);
            }
            ContainerSetting::User(text) => {
                self.once(seen, "user", span, &mut options.user, text.value.clone())
            }
            ContainerSetting::Workdir(text) => {
                if !text.value.starts_with('/') {
                    self.report(invalid(
                        Code::InvalidMount,
                        text,
                        "working directory",
                        format!("`{}` is not an absolute path", text.value),
                        "write the path inside the container from `/`, e.g. `workdir /srv`",
                    ));
                }
                self.once(seen, "workdir", span, &mut options.workdir, text.value.clone())
            }
            ContainerSetting::EnvFile(path) => self.env_file(path, options),
            ContainerSetting::Mount(text) => {
                if let Some(mount) = self.mount(text) {
                    options.mounts.push(mount);
                }
            }
            ContainerSetting::Tmpfs { path, settings } => {
                if !path.value.starts_with('/') {
                    self.report(invalid(
                        Code::InvalidMount,
                        path,
                        "tmpfs path",
                        format!("`{}` is not an absolute path", path.value),
                        "a tmpfs is mounted at a path inside the container, e.g. `tmpfs /run`",
                    ));
                }
                let mut tmpfs = Tmpfs {
                    path: path.value.clone(),
                    size: None,
                    mode: None,
                };
                for setting in settings {
                    match &setting.kind {
                        ast::TmpfsSetting::Size(size) => tmpfs.size = self.size(size),
                        ast::TmpfsSetting::Mode(mode) => match u32::from_str_radix(&mode.value, 8) {
                            Ok(mode) if mode <= 0o7777 => tmpfs.mode = Some(mode),
                            _ => self.report(invalid(
                                Code::InvalidValue,
                                mode,
                                "file mode",
                                format!("`{}` is not an octal mode", mode.value),
                                "write the mode in octal, e.g. `mode 1777`",
                            )),
                        },
                    }
                }
                options.tmpfs.push(tmpfs);
            }
            ContainerSetting::CapAdd(caps) | ContainerSetting::CapDrop(caps) => {
                let add = matches!(setting.kind, ContainerSetting::CapAdd(_));
                for cap in caps {
                    match values::capability(&cap.value) {
                        Some(name) if add => options.cap_add.push(name),
                        Some(name) => options.cap_drop.push(name),
                        None => {
                            let bare = cap.value.to_ascii_uppercase();
                            let bare = bare.strip_prefix("CAP_").unwrap_or(&bare).to_string();
                            let hint = suggest::did_you_mean(&bare, values::CAPABILITIES.iter().copied());
                            self.report(
                                Diagnostic::new(
                                    Code::UnknownCapability,
                                    cap.span,
                                    format!("`{}` is not a Linux capability{hint}", cap.value),
                                )
                                .note("unknown capability")
                                .help("capabilities are those of capabilities(7), with or without `CAP_`, e.g. `cap-add NET_ADMIN`; or `ALL`"),
                            );
                        }
                    }
                }
            }
            ContainerSetting::Device(text) => match values::parse_device(&text.value) {
                Ok(device) => options.devices.push(device),
                Err(problem) => self.report(invalid(
                    Code::InvalidValue,
                    text,
                    "device",
                    problem,
                    "write `device /dev/HOST[:/dev/CONTAINER[:rwm]]`, e.g. `device /dev/net/tun`",
                )),
            },
            ContainerSetting::Flag(flag) => {
                let slot = match flag {
                    Flag::Privileged => &mut options.privileged,
                    Flag::ReadOnly => &mut options.read_only,
                    Flag::Init => &mut options.init,
                    Flag::Tty => &mut options.tty,
                    Flag::StdinOpen => &mut options.stdin_open,
                };
                let mut given = slot.then_some(());
                self.once(seen, flag.keyword(), span, &mut given, ());
                *slot = true;
            }
            ContainerSetting::Sysctl { key, value } => {
                if values::namespaced_sysctl(&key.value) {
                    options.sysctls.push((key.value.clone(), value.value.clone()));
                } else {
                    self.report(
                        Diagnostic::new(
                            Code::UnknownSysctl,
                            key.span,
                            format!("`{}` is not a sysctl a container can set", key.value),
                        )
                        .note("not namespaced")
                        .help("a container may set only the sysctls the kernel keeps per namespace: `net.*`, `kernel.shm*`, `kernel.msg*`, `kernel.sem`, `fs.mqueue.*`; set others on the host"),
                    );
                }
            }
            ContainerSetting::Dns(servers) => {
                for server in servers {
                    if let Some(address) = self.address(server, "DNS server") {
                        options.dns.push(address.value);
                    }
                }
            }
            ContainerSetting::DnsSearch(domains) => options
                .dns_search
                .extend(domains.iter().map(|d| d.value.clone())),
            ContainerSetting::DnsOption(opts) => options
                .dns_options
                .extend(opts.iter().map(|o| o.value.clone())),
            ContainerSetting::ExtraHost { host, address } => {
                if let Some(address) = self.address(address, "address") {
                    options.extra_hosts.push((host.value.clone(), address.value));
                }
            }
            ContainerSetting::SecurityOpt(opts) => {
                for opt in opts {
                    if values::security_opt(&opt.value) {
                        options.security_opts.push(opt.value.clone());
                    } else {
                        self.report(
                            Diagnostic::new(
                                Code::UnknownSecurityOpt,
                                opt.span,
                                format!("`{}` is not a security option the engine knows", opt.value),
                            )
                            .note("unknown security option")
                            .help(format!(
                                "a security option starts with one of: {}, e.g. `security-opt \"no-new-privileges:true\"`",
                                values::SECURITY_OPTS.join(", ")
                            )),
                        );
                    }
                }
            }
            ContainerSetting::Label { key, value } => {
                options.labels.push((key.value.clone(), value.value.clone()))
            }
            ContainerSetting::StopSignal(text) => match values::signal(&text.value) {
                Some(signal) => self.once(seen, "stop-signal", span, &mut options.stop_signal, signal),
                None => {
                    let upper = text.value.to_ascii_uppercase();
                    let hint = suggest::did_you_mean(&upper, values::SIGNALS.iter().copied());
                    self.report(
                        Diagnostic::new(
                            Code::UnknownSignal,
                            text.span,
                            format!("`{}` is not a signal{hint}", text.value),
                        )
                        .note("unknown signal")
                        .help("name a signal of signal(7), e.g. `stop-signal SIGINT`, or give its number"),
                    );
                }
            },
            ContainerSetting::StopGrace(text) => {
                if let Some(duration) = self.duration(text) {
                    if duration.subsec_nanos() != 0 {
                        self.report(invalid(
                            Code::InvalidDuration,
                            text,
                            "stop grace period",
                            format!("`{}` is not a whole number of seconds", text.value),
                            "the engine waits whole seconds before it kills: write e.g. `stop-grace 2s`",
                        ));
                    }
                    self.once(seen, "stop-grace", span, &mut options.stop_grace, Spanned::new(duration, text.span));
                }
            }
            ContainerSetting::Health(settings) => {
                let health = self.health(settings);
                self.once(seen, "health", span, &mut options.health, Spanned::new(health, setting.keyword));
            }
            ContainerSetting::Limit { limit, value } => match limit {
                Limit::Memory => {
                    if let Some(size) = self.size(value) {
                        // Every engine from 20.10 to 28 accepts the file and
                        // then refuses the container at create: "Minimum
                        // memory limit allowed is 6MB". 0 means no limit.
                        if size != 0 && size < MINIMUM_MEMORY {
                            self.report(
                                Diagnostic::new(
                                    Code::InvalidValue,
                                    value.span,
                                    format!(
                                        "memory limit `{}` is below the engine's floor of 6 MiB: the engine would refuse to create the container",
                                        value.value
                                    ),
                                )
                                .note("below 6 MiB")
                                .help("write at least `memory 6m`, or leave the limit out"),
                            );
                        }
                        self.once(seen, "memory", span, &mut options.memory, size);
                    }
                }
                Limit::ShmSize => {
                    if let Some(size) = self.size(value) {
                        self.once(seen, "shm-size", span, &mut options.shm_size, size);
                    }
                }
                Limit::Cpus => match value.value.parse::<f64>() {
                    Ok(cpus) if cpus > 0.0 && cpus.is_finite() => {
                        let nano = (cpus * 1e9).round() as i64;
                        self.once(seen, "cpus", span, &mut options.nano_cpus, nano);
                    }
                    _ => self.report(invalid(
                        Code::InvalidValue,
                        value,
                        "CPU count",
                        format!("`{}` is not a positive number", value.value),
                        "write how many CPUs the container may use, e.g. `cpus 1.5`",
                    )),
                },
                Limit::PidsLimit => match value.value.parse::<i64>() {
                    Ok(limit) if limit != 0 => {
                        self.once(seen, "pids-limit", span, &mut options.pids_limit, limit);
                    }
                    _ => self.report(invalid(
                        Code::InvalidValue,
                        value,
                        "process limit",
                        format!("`{}` is not a count", value.value),
                        "write how many processes the container may run, e.g. `pids-limit 200` (-1: no limit)",
                    )),
                },
            },
            ContainerSetting::Publish(text) => match values::parse_publish(&text.value) {
                Ok(publish) => options.publish.push(Spanned::new(publish, text.span)),
                Err(problem) => self.report(invalid(
                    Code::InvalidValue,
                    text,
                    "port mapping",
                    problem,
                    "write `publish [ADDRESS:]HOST-PORT:CONTAINER-PORT[/udp]`, e.g. `publish 8080:80`",
                )),
            },
            ContainerSetting::Log { driver, options: opts } => {
                let log = Log {
                    driver: driver.value.clone(),
                    options: opts.iter().map(|(k, v)| (k.value.clone(), v.value.clone())).collect(),
                };
                self.once(seen, "log", span, &mut options.log, log);
            }
            _ => return false,
        }
        true
    }

    fn duration(&mut self, text: &Text) -> Option<std::time::Duration> {
        match values::parse_duration(&text.value) {
            Ok(duration) => Some(duration),
            Err(problem) => {
                self.report(invalid(
                    Code::InvalidDuration,
                    text,
                    "duration",
                    problem,
                    "write a duration with its unit: `500ms`, `10s`, `1m30s`",
                ));
                None
            }
        }
    }

    fn size(&mut self, text: &Text) -> Option<u64> {
        match values::parse_size(&text.value) {
            Ok(size) => Some(size),
            Err(problem) => {
                self.report(invalid(
                    Code::InvalidValue,
                    text,
                    "size",
                    problem,
                    "write a size in bytes with an optional unit: `64m`, `1g`",
                ));
                None
            }
        }
    }

    fn health(&mut self, settings: &[ast::Setting<HealthSetting>]) -> Health {
        let mut health = Health::default();
        let mut test: Option<Vec<String>> = None;
        let mut seen = HashMap::new();
        for setting in settings {
            let argv = match &setting.kind {
                HealthSetting::Exec(argv) => {
                    let mut argv: Vec<String> = argv.iter().map(|a| a.value.clone()).collect();
                    // `test "CMD" "dig"` and `test "dig"` both mean exec form.
                    if !matches!(
                        argv.first().map(String::as_str),
                        Some("CMD" | "CMD-SHELL" | "NONE")
                    ) {
                        argv.insert(0, "CMD".into());
                    }
                    argv
                }
                HealthSetting::Shell(command) => {
                    vec!["CMD-SHELL".to_string(), command.value.clone()]
                }
                HealthSetting::None => vec!["NONE".to_string()],
                HealthSetting::Duration { keyword, value } => {
                    let Some(duration) = self.duration(value) else {
                        continue;
                    };
                    let (name, slot) = match keyword.value.as_str() {
                        "interval" => ("interval", &mut health.interval),
                        "timeout" => ("timeout", &mut health.timeout),
                        "start-period" => ("start-period", &mut health.start_period),
                        _ => ("start-interval", &mut health.start_interval),
                    };
                    self.once(&mut seen, name, setting.span, slot, duration);
                    continue;
                }
                HealthSetting::Retries(text) => {
                    match text.value.parse::<u32>() {
                        Ok(retries) if retries > 0 => {
                            self.once(&mut seen, "retries", setting.span, &mut health.retries, retries)
                        }
                        _ => self.report(invalid(
                            Code::InvalidValue,
                            text,
                            "retry count",
                            format!("`{}` is not a positive whole number", text.value),
                            "write how many failures in a row make the container unhealthy, e.g. `retries 3`",
                        )),
                    };
                    continue;
                }
            };
            self.once(&mut seen, "test", setting.span, &mut test, argv);
        }
        health.test = test.unwrap_or_default();
        health
    }

    /// `volume SOURCE:TARGET[:ro]`, `volume TARGET` (anonymous).
    fn mount(&mut self, text: &Text) -> Option<Mount> {
        let help = "write `volume VOLUME:/PATH[:ro]` for a declared volume, or `volume ./HOST-PATH:/PATH[:ro]` for a bind mount";
        let mut parts: Vec<&str> = text.value.split(':').collect();
        let mut read_only = false;
        if parts.len() > 1 && matches!(parts.last(), Some(&("ro" | "rw"))) {
            read_only = parts.pop() == Some("ro");
        }
        let (source, target) = match parts.as_slice() {
            [target] => (None, *target),
            [source, target] => (Some(*source), *target),
            _ => {
                self.report(invalid(
                    Code::InvalidMount,
                    text,
                    "mount",
                    format!("`{}` has more parts than SOURCE:TARGET:OPTIONS", text.value),
                    help,
                ));
                return None;
            }
        };
        if !target.starts_with('/') {
            self.report(invalid(
                Code::InvalidMount,
                text,
                "mount",
                format!("the path in the container, `{target}`, is not absolute"),
                help,
            ));
            return None;
        }
        let source = match source {
            None => MountSource::Anonymous,
            Some(path) if is_host_path(path) => MountSource::Bind(path.to_string()),
            Some(name) => match self.topology.volume_named(name) {
                Some(id) => MountSource::Volume(id),
                None => {
                    let hint = suggest::did_you_mean(
                        name,
                        self.topology.volumes.iter().map(|v| v.name.value.as_str()),
                    );
                    self.report(
                        Diagnostic::new(
                            Code::UnknownVolume,
                            text.span,
                            format!("no volume is named `{name}`{hint}"),
                        )
                        .note("undeclared volume")
                        .help(format!(
                            "declare it with `volume {name}` at the top level, or write a bind mount's host path from `/`, `./` or `~/`"
                        )),
                    );
                    return None;
                }
            },
        };
        Some(Mount {
            source,
            target: target.to_string(),
            read_only,
            span: text.span,
        })
    }

    /// Reads an env file relative to the topology file, as Compose's
    /// `env_file` does.
    fn env_file(&mut self, path: &Text, options: &mut ContainerOptions) {
        let full = self.topology.base_dir.join(&path.value);
        match std::fs::read_to_string(&full) {
            Ok(text) => options.env_files.extend(crate::dotenv::parse(&text)),
            Err(error) => self.report(
                Diagnostic::new(
                    Code::EnvFileMissing,
                    path.span,
                    format!("cannot read env file `{}`: {error}", full.display()),
                )
                .note("unreadable env file")
                .help(
                    "env files are read relative to the topology file; create it or fix the path",
                ),
            ),
        }
    }

    pub(super) fn volume(&mut self, item: &ast::VolumeItem) {
        let mut external = None;
        let mut docker_name: Option<Text> = None;
        let mut driver: Option<String> = None;
        let mut labels = Vec::new();
        let mut seen = HashMap::new();
        for setting in &item.settings {
            match &setting.kind {
                ast::VolumeSetting::External => {
                    self.once(&mut seen, "external", setting.span, &mut external, true)
                }
                ast::VolumeSetting::Name(name) => self.once(
                    &mut seen,
                    "name",
                    setting.span,
                    &mut docker_name,
                    name.clone(),
                ),
                ast::VolumeSetting::Driver(name) => self.once(
                    &mut seen,
                    "driver",
                    setting.span,
                    &mut driver,
                    name.value.clone(),
                ),
                ast::VolumeSetting::Label { key, value } => {
                    labels.push((key.value.clone(), value.value.clone()))
                }
            }
        }
        if !is_docker_name(&item.name.value) {
            self.report(super::invalid_name("volume", &item.name));
        }
        if let Some(first) = self.topology.volume_named(&item.name.value) {
            let first = self.topology.volumes[first].name.span;
            self.report(super::duplicate_name("volume", &item.name, first));
            return;
        }
        let docker_name = match docker_name {
            Some(name) => {
                if !is_docker_name(&name.value) {
                    self.report(super::invalid_name("Docker volume", &name));
                }
                name.value
            }
            None => names::docker_network_name(&self.topology.project.name, &item.name.value),
        };
        self.topology.volumes.push(Volume {
            name: item.name.clone(),
            docker_name,
            external: external.unwrap_or(false),
            driver,
            labels,
            span: item.span,
        });
    }
}
