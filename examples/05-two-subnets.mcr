# Recipe 5, as written: two subnets with two gateways, in Docker's flat form.
#
#   docker network create -d macvlan \
#     --subnet 192.168.1.1/16 --gateway 192.168.1.1 \
#     --subnet 10.1.10.0/24 --gateway 10.1.10.1 net-mv5
#
# As on the command line, the subnets and gateways are listed at network
# level; each gateway pairs with the subnet that contains it. The command
# gives no parent, so neither does this file.
#
# Expect: subnet-host-bits, no-parent, unused-network
#
# `macrame lint` reports:
#   subnet-host-bits  (error)   192.168.1.1/16 has host bits set; the prefix
#                               meant is 192.168.0.0/16. (10.1.10.0/24 is
#                               fine.)
#   no-parent         (warning) not internal, yet no parent: Docker gives it
#                               a dummy link and makes it internal.
#   unused-network    (warning) no container uses net-mv5.
#
# See 05-two-subnets.fixed.mcr for a version that lints clean.

network net-mv5 {
  subnet 192.168.1.1/16
  subnet 10.1.10.0/24
  gateway 192.168.1.1
  gateway 10.1.10.1
}
