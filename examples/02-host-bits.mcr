# Recipe 2, as written: a subnet given with host bits set.
#
#   docker network create -d macvlan -o parent=eth0 \
#     --subnet 192.168.1.1/16 --gateway 192.168.1.1 net-mv2
#
# Expect: subnet-host-bits, unused-network
#
# `macrame lint` reports:
#   subnet-host-bits  (error)   192.168.1.1/16 has host bits set; the prefix
#                               meant is 192.168.0.0/16. Docker 20.10 stores
#                               it as written, Docker 25+ refuses it.
#   unused-network    (warning) no container uses net-mv2 (the docker
#                               command only creates the network).
#
# See 02-host-bits.fixed.mcr for a version that lints clean.

network net-mv2 {
  parent eth0
  subnet 192.168.1.1/16
  gateway 192.168.1.1
}
