# Recipe 3, fixed: the VLAN sub-interface is declared, so macrame creates
# (and on `down` removes) eth0.50 itself.
#
# Compared with 03-vlan-parent.mcr:
#   - `vlan 50 on eth0` declares the 802.1q sub-interface eth0.50 (VLAN id
#     50 on trunk eth0), and the network uses it as its parent;
#   - subnet 192.168.0.0/16 instead of 192.168.1.1/16 (fixes
#     subnet-host-bits);
#   - a container that uses the network (fixes unused-network).
# Lints clean: no errors, no warnings.

vlan 50 on eth0                 # the interface is named eth0.50

network net-mv3 {
  parent eth0.50
  subnet 192.168.0.0/16
  gateway 192.168.1.1
}

container app {
  image "alpine:3.20"
  command "sleep" "infinity"
  network net-mv3 ip 192.168.1.10
}
