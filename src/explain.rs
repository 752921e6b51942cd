//! Each diagnostic code explained at length: why the trap matters and how
//! to fix it in general. Used for SARIF rules, the language server's hover
//! on a diagnostic, and `macrame explain CODE`.

use crate::diagnostic::Code;

/// (full description, help) for a code.
pub fn explain(code: Code) -> (&'static str, &'static str) {
    match code {
        Code::Syntax => (
            "The file does not parse: a word, brace or string is not where the grammar allows it, a string has no closing quote, or a block has no closing `}`. The message says what was expected and where; nothing after a syntax error is checked until the next item, so fix this first.",
            "Follow the item's usual form: a statement ends at the end of its line or at `;`, and a block opens with `{` on the statement's line, e.g. `network lan { parent eth0; subnet 10.1.0.0/24 gateway 10.1.0.1 }`.",
        ),
        Code::DuplicateName => (
            "Two networks, two containers, or two host interfaces (parents, vlans and shims share one namespace) have the same name, or two networks would become the same Docker network through `name`. Docker 20.10 creates a second network of an existing name with only a warning, after which every lookup by name fails as ambiguous; the kernel refuses a second link of one name.",
            "Rename one of the two, e.g. `network lan-2`, or give one network another Docker name with `name \"corp-lan-2\"`.",
        ),
        Code::DuplicateSetting => (
            "A single-valued setting (mode, parent, image, id, gateway, ip, mac, ...) is given twice in one block, or a container is attached to one network twice. Only one value can reach the engine, and silently keeping either would hide a mistake; Docker itself refuses to connect one container to a network twice (`endpoint with name X already exists`).",
            "Keep one line and delete the other; to attach a container with several addresses, use one block: `network lan { ip 192.168.1.10; ip6 fd00::10 }`.",
        ),
        Code::UnknownNetwork => (
            "A container's `network`, a shim's `network` or a container's `gateway` names a network that this file does not declare. macrame only manages the networks of its own file, so the reference cannot be resolved and the container or shim could not be created.",
            "Fix the spelling, or declare the network: `network NAME { parent eth0; subnet 192.168.1.0/24 gateway 192.168.1.1 }`.",
        ),
        Code::UnknownContainer => (
            "A `depends-on` line names a container that this file does not declare. The start order cannot be computed, and a typo here would silently drop the ordering the line was meant to give.",
            "Fix the spelling so it names a container of this file, e.g. `depends-on db`, or remove the line.",
        ),
        Code::DependencyCycle => (
            "The `depends-on` lines form a cycle (a container that depends on itself, or a chain that comes back to its start). No container of the cycle can start first, so `up` could never bring them up in order.",
            "Remove one `depends-on` in the cycle; usually the dependency that points from a backend back to its client is the one to drop.",
        ),
        Code::MissingImage => (
            "A container has no `image` line, or an empty image string. The engine cannot create a container without an image, so `up` would fail for it.",
            "Add the image to the container's block, e.g. `image \"alpine:3.20\"`.",
        ),
        Code::MissingParent => (
            "A vlan has no parent interface or no id. macrame creates the 802.1q sub-interface itself and needs both to do so; Docker cannot fill the gap either (given a parent it cannot find and with no dot in its name, it says `invalid subinterface vlan name`).",
            "Add both to the block, `vlan eth0.50 { parent eth0; id 50 }`, or use the short form `vlan 50 on eth0`.",
        ),
        Code::InvalidAddress => (
            "An address, prefix or MAC does not parse, or is of the wrong family (an IPv4 address after `ip6`, say), or a subnet, range or route is written without a prefix length. The parser accepts anything address-shaped so that a typo gets this pointed message; the engine would refuse the value, sometimes only when the container starts.",
            "Write IPv4 as `192.168.1.10`, prefixes as `192.168.1.0/24` or `fd00::/64`, IPv6 after `ip6` and MACs as six hex octets, e.g. `02:42:c0:a8:01:0a`.",
        ),
        Code::InvalidName => (
            "A project, network or container name (or a network's Docker `name`) breaks Docker's naming rule `[A-Za-z0-9][A-Za-z0-9_.-]*`. The names become Docker object names (`<project>_<network>`, `<project>-<container>`), and the engine refuses to create an object with such a name.",
            "Start the name with a letter or digit and use only letters, digits, `_`, `.` and `-`, e.g. `web-1` instead of `web 1` or `_web`.",
        ),
        Code::IfnameInvalid => (
            "A host interface name (a parent, vlan or shim) breaks the kernel's rule: it must be 1 to 15 bytes (IFNAMSIZ less the terminating NUL), must not be `.` or `..`, and must not contain `/`, `:` or whitespace. The kernel refuses to create or look up such a link, so plan or up would fail.",
            "Use a shorter name without those characters, e.g. `vlan 50 on eth0` (named `eth0.50`) or `shim mv-host { ... }`.",
        ),
        Code::UnknownMode => (
            "A network's `mode` is not one of the macvlan modes bridge, vepa, private or passthru (`veth` is a common slip for `vepa`). The engine refuses it at network create: `requested macvlan mode 'X' is not valid`.",
            "Use one of the four modes, e.g. `mode bridge` (the default, which may also be left out) or `mode vepa`.",
        ),
        Code::UnknownRestart => (
            "A container's `restart` policy is not one Docker knows: no, always, unless-stopped, or on-failure with an optional retry count. The engine refuses an unknown policy when the container is created.",
            "Use one of the policies, e.g. `restart unless-stopped` or `restart on-failure:5`.",
        ),
        Code::InvalidNumber => (
            "A vlan id or an MTU is not a decimal number, or an MTU lies outside what the kernel accepts for an Ethernet sub-interface (68 to 65535 bytes). The kernel would refuse to create or configure the link.",
            "Write the number in decimal digits within range, e.g. `mtu 1500` (or `mtu 9000` for jumbo frames, if the parent allows it) and `id 50`.",
        ),
        Code::GatewayNeedsSubnet => (
            "A network gives a gateway but declares no subnet. Docker's IPAM takes a gateway only as part of a subnet's configuration, so the gateway cannot be sent to the engine at all.",
            "Declare the subnet the gateway belongs to, e.g. `subnet 192.168.1.0/24 gateway 192.168.1.1`.",
        ),
        Code::GatewayOutsideSubnet => (
            "A gateway lies in none of the network's subnets, or a gateway written in a subnet's own block or line lies outside that subnet. The engine refuses the network at create time: `failed to allocate gateway (G): Requested address is out of range`.",
            "Use a gateway inside its subnet, usually the first host address (`subnet 10.1.0.0/24 gateway 10.1.0.1`), or add the subnet the gateway belongs to.",
        ),
        Code::GatewayNotHost => (
            "A gateway is its subnet's network address (the first) or, for IPv4, its broadcast address (the last). Neither can be assigned to an interface, and the engine refuses the network at create time: `failed to allocate gateway (G): Address already in use`.",
            "Use a host address as the gateway, usually the first one: `subnet 192.168.1.0/24 gateway 192.168.1.1`.",
        ),
        Code::DuplicateGateway => (
            "Two gateways fall in one subnet, either in its block or through network-level `gateway` lines of the flat form, which pair with the subnet that contains them. Docker's IPAM holds exactly one gateway per subnet, so one of the two would be lost.",
            "Keep one gateway per subnet; for a second subnet give it its own, e.g. `subnet 10.2.0.0/24 gateway 10.2.0.1`.",
        ),
        Code::RangeOutsideSubnet => (
            "A `range` (the part of a subnet Docker assigns addresses from) lies outside the subnet it belongs to, or in none of the network's subnets. Docker 20.10 accepts it silently and then hands out addresses from the whole subnet, outside the range; engines 25+ refuse the network.",
            "Make the range a prefix inside its subnet, e.g. its upper half: `subnet 192.168.1.0/24 { range 192.168.1.128/25 }`.",
        ),
        Code::ReserveOutsideSubnet => (
            "A reserved address (sent to Docker as an auxiliary address) lies in none of the network's subnets. The engine refuses it, but Docker 20.10 leaks the address pool on the way: the subnet is then refused (`Pool overlaps`) for every network until the daemon restarts.",
            "Reserve an address inside a subnet of the network, e.g. `reserve router = 192.168.1.2` in `subnet 192.168.1.0/24`.",
        ),
        Code::SubnetHostBits => (
            "A subnet or range is written with host bits set, e.g. `192.168.1.1/16`, which means the prefix `192.168.0.0/16`. Docker 20.10 stores it as written, while engines 25+ refuse it (`invalid subnet ... it should be 192.168.0.0/16`), so one file behaves differently across hosts.",
            "Write the network address of the prefix, e.g. `subnet 192.168.0.0/16`, or the longer prefix you meant, e.g. `subnet 192.168.1.0/24`.",
        ),
        Code::SubnetOverlap => (
            "Two subnets share addresses, within one network or across networks. The engine refuses the second network (`Pool overlaps with other one on this address space`); when both have a range it accepts them, and the container then fails at start with `cannot program address ... conflicts with existing route`.",
            "Give each subnet its own addresses, e.g. `192.168.1.0/24` and `192.168.2.0/24`; to reach one segment from two networks, use one network.",
        ),
        Code::IpNeedsSubnet => (
            "A container (or shim) has a static address on a network that declares no subnet of that address's family. Docker supports a user-chosen address only on networks with a user-configured subnet, and a shim's address is reserved in its network's subnet, so neither can be placed.",
            "Declare the subnet in the network, e.g. `subnet 192.168.1.0/24 gateway 192.168.1.1`, or drop the `ip` and let Docker choose.",
        ),
        Code::IpOutsideSubnet => (
            "A static address of a container or shim lies in none of its network's subnets. The engine creates the container anyway and fails only at start (`Invalid address A: It does not belong to any of this network's subnets`), leaving a dead container behind; for a shim the reservation would leak the pool on 20.10.",
            "Use an address inside one of the network's subnets and outside its range, e.g. `network lan ip 192.168.1.10` for `subnet 192.168.1.0/24 range 192.168.1.128/25`.",
        ),
        Code::IpNotHost => (
            "A static address of a container or shim is its subnet's network address or, for IPv4, its broadcast address. Neither is usable by a host on the segment; the engine's IPAM holds them back, so the container would fail only when it starts.",
            "Use a host address of the subnet, e.g. `192.168.1.10` rather than `192.168.1.0` or `192.168.1.255` in `192.168.1.0/24`.",
        ),
        Code::IpConflict => (
            "One address is used twice: by two containers, or by a container and a gateway, a reserved address or a shim. The engine refuses the second user only when its container starts (`Address already in use`); a shim and a container with one address would fight over it on the wire.",
            "Give each holder its own address; keep the gateway, reserved addresses and shim addresses out of containers' way, e.g. move the container to a free address outside the range.",
        ),
        Code::IpInRange => (
            "A container's static address lies inside the subnet's range, the part Docker assigns from by itself. Docker may hand that address to another container first, and a static address is not held while its container is stopped, so the container can later fail to start with `Address already in use`.",
            "Use a static address outside the range, e.g. `192.168.1.10` with `range 192.168.1.128/25`, or shrink the range so the static addresses fall outside it.",
        ),
        Code::MacInvalid => (
            "A container's MAC is a multicast address (the low bit of its first octet is set) or all zeros. An interface needs a unicast MAC; the kernel refuses to assign such an address to a link, so the endpoint could not come up.",
            "Use a unicast MAC, ideally a locally administered one (second-lowest bit of the first octet set, lowest clear), e.g. `mac 02:42:c0:a8:01:0a`.",
        ),
        Code::MacConflict => (
            "Two endpoints on one parent interface are given the same MAC. They share one wire, so the switch and the neighbours' ARP caches cannot tell them apart, and the kernel refuses a macvlan whose MAC another macvlan on the same parent already uses.",
            "Give each endpoint its own MAC, e.g. `02:42:c0:a8:01:0a` and `02:42:c0:a8:01:0b`, or leave `mac` out and let the engine choose.",
        ),
        Code::ParentShared => (
            "Two macvlan networks use the same parent interface. Engines before 27.0 refuse the second (`network dm-<id> is already using parent interface X`), so plan then fails there; on newer engines the two networks share one broadcast domain and are not separated at layer 2.",
            "Give each network its own vlan: `vlan 10 on eth0` and `vlan 20 on eth0`, then `parent eth0.10` and `parent eth0.20`.",
        ),
        Code::VlanIdRange => (
            "A vlan id lies outside 1..4094. The 802.1q tag has 12 bits and ids 0 and 4095 are reserved, so the kernel refuses to create the sub-interface.",
            "Use an id from 1 to 4094 that matches the switch port's configuration, e.g. `vlan 50 on eth0`.",
        ),
        Code::VlanDuplicate => (
            "Two vlans have the same parent and the same id. The kernel allows one sub-interface per id on a parent, so the second could not be created, and both would carry the same tagged traffic anyway.",
            "Remove one of the two and point its networks at the other, or give it another id.",
        ),
        Code::VlanNameMismatch => (
            "A vlan is named like `eth0.50`, which reads as id 50 on `eth0`, but its `parent` or `id` says otherwise. It works, but anyone reading the host's links (and Docker, which parses dotted parent names) would assume the wrong tag or parent.",
            "Rename it to match its settings, or fix the settings; the short form `vlan 50 on eth0` names it `eth0.50` for you.",
        ),
        Code::PassthruSingleEndpoint => (
            "A passthru network has more than one container, a shim, or shares its parent with another network. The kernel allows one passthru macvlan per device and it takes the whole device: a second endpoint fails at container start (`failed to create the macvlan port: invalid argument`), and no engine lets another network share a passthru parent.",
            "Give the other endpoints their own network on another parent or vlan, or use `mode bridge` if several endpoints must share the parent.",
        ),
        Code::PrivateIsolated => (
            "Two containers that depend on each other share only private-mode networks. Private mode drops all traffic between macvlan endpoints on one parent, even when an external switch would hairpin it back, so the dependent container cannot reach its dependency.",
            "Use `mode bridge` on the shared network (or `mode vepa` with a hairpin-capable switch), or connect both containers to another network.",
        ),
        Code::NoParent => (
            "A network that is not internal has no `parent`. Docker then creates a dummy link as parent and makes the network internal anyway, so its containers have no way out; on a kernel without the dummy module network create fails with `operation not supported`.",
            "Add the host NIC or vlan it sits on, e.g. `parent eth0` or `parent eth0.50`, or mark the network `internal` if isolation is intended.",
        ),
        Code::MissingGateway => (
            "A network that is not internal declares subnets but no gateway. Engines before 29 invent one (the subnet's first address, which may belong to another host or router), while 29+ install no default route at all, so the same file routes differently across hosts.",
            "Give each subnet its real gateway, e.g. `subnet 192.168.1.0/24 gateway 192.168.1.1`, or mark the network `internal` if it needs no way out.",
        ),
        Code::CrossSubnet => (
            "A container depends on another with which it shares no subnet: they are on no common network, or their static addresses on the common networks lie in different subnets. They cannot talk directly, only through a router, if at all.",
            "Attach both to one network and subnet, e.g. add `network lan` to both containers, or route between their subnets.",
        ),
        Code::ShimIncomplete => (
            "A shim lacks its `network` or its `address`. macrame needs both to create the host-side macvlan link and to reserve its address in the network's IPAM, so Docker never hands it to a container.",
            "Give the shim both: `shim mv-host { network lan; address 192.168.1.250/32 }`.",
        ),
        Code::ShimMode => (
            "A shim is on a network whose mode is vepa or private. A shim is a bridge-mode macvlan on the host, and Linux passes traffic between macvlan siblings on one parent only in bridge mode, so the host could not reach the network's containers through it.",
            "Set `mode bridge` on the network (the default), or remove the shim if the host does not need to reach the containers.",
        ),
        Code::ShimRouteOutside => (
            "A shim's route lies outside its network's subnets. The host would send traffic for that prefix out of the shim onto the macvlan segment, where nothing of this network answers for it, possibly taking over a route the host needs elsewhere.",
            "Route only prefixes inside the network's subnets through the shim, typically its range: `route 192.168.1.128/25`.",
        ),
        Code::DefaultGatewayAmbiguous => (
            "A container is on two or more non-internal networks with gateways and has no `gateway` line. The engine picks the default route by its own order, not by the file: a network with IPv6 on before one without, then the first network name in lexical order (on 28+ only among equal `gw_priority`s), so renaming a network, or adding an IPv6 subnet to one, can change the route.",
            "Say which network carries the default route, e.g. `gateway lan`; macrame then applies it on every engine.",
        ),
        Code::GatewayNotAttached => (
            "A container's `gateway X` cannot carry the default route: the container is not attached to X, or X is internal, or X has no gateway. The route could not be installed, and the container would be left without the way out the line promised.",
            "Name a network the container is on and that has a gateway, e.g. `gateway lan` with `network lan ip 192.168.1.10`, or attach the container to X.",
        ),
        Code::UnusedNetwork => (
            "No container or shim uses this network. `up` would still create the Docker network and, on engines before 27.0, hold its parent interface so that no other macvlan network can use it.",
            "Attach a container to it (`network NAME` in the container's block) or remove the network.",
        ),
        Code::UnusedVlan => (
            "No network uses this vlan as its parent, and no other vlan stacks on it. `up` would still create the 802.1q sub-interface on the host for nothing.",
            "Use it as a network's parent, e.g. `parent eth0.50`, or remove the vlan.",
        ),
        Code::UnknownDriver => (
            "A network's `driver` is none of the three macrame makes: macvlan (the default), ipvlan and bridge. Other drivers (overlay, a plugin's) are made by other tools; macrame cannot create them or check their addresses.",
            "Write `driver macvlan`, `driver ipvlan` or `driver bridge`; to join a network made elsewhere, declare it `external` with its `name`.",
        ),
        Code::InvalidValue => (
            "A setting's value does not read as what the setting takes: a size (`512m`), a CPU count (`1.5`), a process limit, a port mapping (`8080:80`), a device (`/dev/net/tun`), a pull policy, a retry count or an octal file mode. The engine would refuse the container at create, after the networks were made.",
            "Write the value as the message shows, e.g. `memory 512m`, `publish 127.0.0.1:8080:80/tcp`, `device /dev/ttyUSB0:/dev/zigbee:rw`.",
        ),
        Code::InvalidDuration => (
            "A duration (`stop-grace`, or a health check's interval, timeout, start-period or start-interval) is not a number with a unit, or `stop-grace` is not a whole number of seconds (the engine's stop timeout counts seconds). A bare number is refused because its unit is ambiguous: Compose reads seconds where the engine's API reads nanoseconds.",
            "Write the unit: `500ms`, `10s`, `1m30s`, `2h`.",
        ),
        Code::InvalidMount => (
            "A `volume`, `tmpfs` or `workdir` path is not one the engine can use: the path inside the container must be absolute, and a bind mount's host path starts with `/`, `./`, `../` or `~/` (any other word names a declared volume). The engine refuses a relative container path at create.",
            "Write `volume data:/var/lib/data` for a declared volume, `volume ./conf:/etc/app:ro` for a bind mount relative to the topology file.",
        ),
        Code::UnknownVolume => (
            "A container mounts a volume by name, but the file declares no `volume` of that name. macrame creates and labels only the volumes it declares, so an undeclared one would be an anonymous volume that `down` cannot tell apart from the user's.",
            "Declare it at the top level, `volume data`, or `volume data { external; name \"data\" }` for one made elsewhere; or write a host path for a bind mount.",
        ),
        Code::UnknownCapability => (
            "`cap-add` or `cap-drop` names a capability that Linux does not have (capabilities(7)). The engine refuses the container at create with `unknown capability`.",
            "Use a capability's name with or without `CAP_`, e.g. `cap-add NET_ADMIN`, or `ALL`.",
        ),
        Code::UnknownSignal => (
            "`stop-signal` names no signal. The engine refuses it at create, or worse, the container ignores the stop and is killed only after the grace period.",
            "Name a signal of signal(7), e.g. `stop-signal SIGINT`, `SIGQUIT`, or give its number.",
        ),
        Code::UnknownSysctl => (
            "A `sysctl` is not one the kernel keeps per namespace. The engine refuses to start the container (`sysctl ... is not in a separate kernel namespace`), because setting it would change the whole host.",
            "Set only `net.*`, `kernel.shm*`, `kernel.msg*`, `kernel.sem` and `fs.mqueue.*` in a container; set host-wide sysctls on the host (sysctl.d).",
        ),
        Code::UnknownSecurityOpt => (
            "A `security-opt` is none of the kinds the engine reads (no-new-privileges, seccomp, apparmor, label, systempaths, writable-cgroups, mask, unmask). The engine refuses it at create.",
            "Write e.g. `security-opt \"no-new-privileges:true\"` or `security-opt \"seccomp=unconfined\"`.",
        ),
        Code::EnvFileMissing => (
            "An `env-file` cannot be read. Its variables would be missing from the container; Compose refuses such a file too.",
            "Create the file (relative paths are read from the topology file's directory) or fix the path.",
        ),
        Code::HealthNeeded => (
            "A container waits for another to be `healthy`, but the file gives that one no health check (no `health` block, or `test none`). Unless its image has a HEALTHCHECK of its own, it can never become healthy; `up` then fails at the wait, saying so, rather than waiting out the timeout.",
            "Add a `health { test ... }` block to the container waited on, or wait for `started` instead.",
        ),
        Code::IpvlanMac => (
            "An endpoint on an ipvlan network gives a `mac`. Every ipvlan child shares its parent's MAC (that is the point of ipvlan: the access point or switch sees one MAC), so the engine ignores or refuses it.",
            "Delete the `mac` line, or use a macvlan network if the container needs its own MAC.",
        ),
        Code::ParentDriverMixed => (
            "An ipvlan network and a macvlan network (or shim) share one parent. The kernel holds a device either in ipvlan or in macvlan mode: creating the second fails with `device or resource busy`.",
            "Give one of them another parent, e.g. a vlan on the NIC (`vlan 20 on eth0`), or make both the same driver.",
        ),
        Code::BridgeParent => (
            "A bridge network gives a `parent`, or a shim joins a bridge network. A Docker bridge is a software switch of its own with the host on it already: it takes no parent NIC, and the host reaches it without a shim.",
            "Delete the `parent` line (or the shim), or make the network `driver macvlan` to put it on the NIC.",
        ),
        Code::PublishNeedsBridge => (
            "A container publishes ports but is on no bridge network. Publishing maps a host port through the bridge's NAT; a container on macvlan or ipvlan is reachable at its own address, so the mapping does nothing.",
            "Reach the container at its address, or attach it to a `driver bridge` network for the ports.",
        ),
        Code::DuplicateContainerName => (
            "Two containers would have the same Docker name: a `name` equal to another container's `name` or derived `<project>-<container>` name. The engine refuses the second at create (`Conflict. The container name is already in use`).",
            "Give one of them another `name`, or remove the `name` line.",
        ),
        Code::UnsetVariable => (
            "A value uses `${VAR}` (or `$VAR`), and VAR is set neither in the environment nor in the `.env` file beside the topology file, and the reference gives no default; or `${VAR:?message}` found VAR unset; or the expression is malformed. Compose substitutes an empty string with a warning, which turns `parent ${NIC}` into a network without a parent: macrame stops instead.",
            "Set the variable (`export VAR=...`, or `VAR=...` in `.env`), or give a default: `${VAR:-eth0}`. Write `$$` for a literal `$`.",
        ),
        Code::UnknownNode => (
            "A container's or shim's `node`, or the `on NODE` of a network's `parent` or `range`, names a node this file does not declare. macrame reaches each engine through its `node` item; without one there is no engine to create the object on.",
            "Fix the spelling, or declare the node with how to reach its engine: `node core { docker \"ssh://admin@10.0.0.2\" }`.",
        ),
        Code::NodeInvalid => (
            "A node has no `docker` address, or one that is not `unix:///PATH`, `tcp://HOST[:PORT]` or `ssh://[USER@]HOST[:PORT]` (the forms `docker -H` takes), or a `tls` block on an engine that is not reached over tcp://, a TLS file that cannot be read, or a `tls` block without all of `ca`, `cert` and `key`. No engine could be reached from such a node, so nothing of the file could be applied.",
            "Give the address as the docker CLI takes it, e.g. `docker \"ssh://admin@10.0.0.2\"`; for TLS over tcp://, `tls { ca \"ca.pem\"; cert \"cert.pem\"; key \"key.pem\" }`.",
        ),
        Code::NodeNeeded => (
            "A file with several nodes has a container or shim that does not say which node it is on. Each engine is a separate host: macrame will not guess where a container should run, because its address, parent and range depend on it.",
            "Add `node NAME` to the block, naming one of the file's nodes.",
        ),
        Code::NodeParentMissing => (
            "A network is used on a node (a container, shim or service of that node is on it) but it has neither a `parent` for every node nor a `parent X on NODE` for that one. The engine would create a macvlan network without a parent: a dummy link that reaches nothing beyond the host.",
            "Give the network a parent for that node, `parent enp3s0 on NODE`, or one for all nodes, `parent eth0`.",
        ),
        Code::RangeTooSmall => (
            "A network used on several nodes has a range (or, without one, a subnet) too small to split into one aligned block of at least two addresses per node. Each engine allocates from its own block, so every node needs one; blocks must be aligned prefixes because that is what `--ip-range` takes.",
            "Give a larger range, e.g. `range 192.168.1.128/25`, or give each node its own with `range PREFIX on NODE`.",
        ),
        Code::NodeRangeOverlap => (
            "Two nodes' ranges of one network overlap. Each engine hands out addresses from its range without knowing the others, so two containers on different nodes would get the same address, and both would answer ARP for it.",
            "Give the nodes disjoint ranges, e.g. `range 192.168.2.128/26 on edge` and `range 192.168.2.192/26 on core`, or one `range` to split between them.",
        ),
        Code::NodeRangeMissing => (
            "A network gives ranges per node with `range P on NODE`, but a node that uses the network has none. Splitting the rest between the remaining nodes would be a guess; leaving that node to the whole subnet would overlap the others.",
            "Add `range PREFIX on NODE` for that node, disjoint from the others, or give one `range` for macrame to split between all nodes.",
        ),
        Code::IpInNodeRange => (
            "A container's static address lies inside the range that another node's engine hands out. That engine does not know the address is taken, and will give it to one of its own containers: two hosts then answer for one address.",
            "Move the address outside every other node's range (inside the subnet but outside all ranges is safest), or move the ranges.",
        ),
        Code::IpOnSwarmNetwork => (
            "A container has a static `ip`, `ip6` or `mac` on a network that a service is on. Such a network is the Swarm's (built from per-node config-only networks), and a container joining it gets its address from its node's range: the engine ignores the one asked for, without a word (measured on 20.10).",
            "Delete the static address and let the node's range give one (`macrame ps` shows it), or put the container on a network no service uses.",
        ),
        Code::ServiceUnsupported => (
            "A service uses a setting that Docker Swarm cannot give a task: a static `ip`, `ip6` or `mac` (Swarm assigns task addresses itself), `privileged`, `device`, `build`, `depends-on`, `gateway`, `node` (tasks are placed by `placement`), `shm-size`, `security-opt`, `pull` or a `publish` on one address, or a bridge or external network. Swarm would refuse the service or silently drop the setting.",
            "Delete the setting, or run the workload as a `container` pinned to a node; for placement, write `placement \"node.hostname==HOST\"`.",
        ),
    }
}
