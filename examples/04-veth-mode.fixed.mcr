# Recipe 4, fixed: a real macvlan mode.
#
# Compared with 04-veth-mode.mcr:
#   - `mode vepa` instead of `mode veth` (fixes unknown-mode); in VEPA mode
#     traffic between containers goes out to the switch and back, which
#     needs a switch that supports hairpin / reflective relay;
#   - subnet 192.168.0.0/16 instead of 192.168.1.1/16 (fixes
#     subnet-host-bits);
#   - a parent, the host NIC eth0 (fixes no-parent);
#   - a container that uses the network (fixes unused-network).
# Lints clean: no errors, no warnings.

network net-mv4 {
  mode vepa
  parent eth0
  subnet 192.168.0.0/16
  gateway 192.168.1.1
}

container app {
  image "alpine:3.20"
  command "sleep" "infinity"
  network net-mv4 ip 192.168.1.10
}
