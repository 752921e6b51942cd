# Recipe 5, fixed: two subnets with two gateways, still in the flat form
# (each gateway pairs with the subnet that contains it).
#
# Compared with 05-two-subnets.mcr:
#   - subnet 192.168.0.0/16 instead of 192.168.1.1/16 (fixes
#     subnet-host-bits);
#   - a parent, the host NIC eth0 (fixes no-parent);
#   - a container that uses the network (fixes unused-network).
# Lints clean: no errors, no warnings.

network net-mv5 {
  parent eth0
  subnet 192.168.0.0/16
  subnet 10.1.10.0/24
  gateway 192.168.1.1
  gateway 10.1.10.1
}

container app {
  image "alpine:3.20"
  command "sleep" "infinity"
  network net-mv5 ip 10.1.10.10
}
