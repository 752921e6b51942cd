# Recipe 1, fixed: `docker network create -d macvlan net-mv1` made usable.
#
# Compared with 01-no-options.mcr:
#   - a parent (the host NIC eth0) so the network reaches the real LAN
#     (fixes no-parent);
#   - an explicit subnet and gateway, matching the LAN the NIC sits on;
#   - a container that uses the network (fixes unused-network).
# Lints clean: no errors, no warnings.

network net-mv1 {
  parent eth0
  subnet 192.168.1.0/24 gateway 192.168.1.1
}

container app {
  image "alpine:3.20"
  command "sleep" "infinity"
  network net-mv1 ip 192.168.1.10
}
