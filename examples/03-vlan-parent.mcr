# Recipe 3, as written: the host-bits subnet of recipe 2 on an 802.1q
# trunk sub-interface.
#
#   docker network create -d macvlan -o parent=eth0.50 \
#     --subnet 192.168.1.1/16 --gateway 192.168.1.1 net-mv3
#
# Expect: subnet-host-bits, unused-network
#
# `macrame lint` reports:
#   subnet-host-bits  (error)   192.168.1.1/16 has host bits set; the prefix
#                               meant is 192.168.0.0/16.
#   unused-network    (warning) no container uses net-mv3.
#
# eth0.50 is not declared as a vlan here, so macrame takes it for an existing
# host interface and will not create it (Docker would have created the
# sub-interface itself). The fixed file declares it.
#
# See 03-vlan-parent.fixed.mcr for a version that lints clean.

network net-mv3 {
  parent eth0.50
  subnet 192.168.1.1/16
  gateway 192.168.1.1
}
