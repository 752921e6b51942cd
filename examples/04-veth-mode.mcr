# Recipe 4, as written: a macvlan mode that does not exist.
#
#   docker network create -d macvlan -o macvlan_mode=veth \
#     --subnet 192.168.1.1/16 --gateway 192.168.1.1 net-mv4
#
# The command gives no parent, so neither does this file.
#
# Expect: unknown-mode, subnet-host-bits, no-parent, unused-network
#
# `macrame lint` reports:
#   unknown-mode      (error)   `veth` is not a macvlan mode (bridge, vepa,
#                               private, passthru); the linter suggests
#                               `vepa`. Docker refuses it at network create.
#   subnet-host-bits  (error)   192.168.1.1/16 has host bits set; the prefix
#                               meant is 192.168.0.0/16.
#   no-parent         (warning) not internal, yet no parent: Docker gives it
#                               a dummy link and makes it internal.
#   unused-network    (warning) no container uses net-mv4.
#
# See 04-veth-mode.fixed.mcr for a version that lints clean.

network net-mv4 {
  mode veth
  subnet 192.168.1.1/16
  gateway 192.168.1.1
}
