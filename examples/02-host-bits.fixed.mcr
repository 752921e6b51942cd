# Recipe 2, fixed: the subnet is written as its network prefix.
#
# Compared with 02-host-bits.mcr:
#   - subnet 192.168.0.0/16 instead of 192.168.1.1/16 (fixes
#     subnet-host-bits); the gateway 192.168.1.1 is unchanged and lies in it;
#   - a container that uses the network (fixes unused-network).
# Lints clean: no errors, no warnings.

network net-mv2 {
  parent eth0
  subnet 192.168.0.0/16
  gateway 192.168.1.1
}

container app {
  image "alpine:3.20"
  command "sleep" "infinity"
  network net-mv2 ip 192.168.1.10
}
