# unknown-sysctl: a sysctl the kernel keeps for the whole host. Near
# misses: per-namespace ones.

network lan { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
container a {
  image "alpine:3.20"
  network lan
  sysctl vm.swappiness = 10                  #! unknown-sysctl
  sysctl net.ipv4.ip_forward = 1
  sysctl net.ipv6.conf.all.disable_ipv6 = 0
  sysctl kernel.shmmax = 68719476736
}
