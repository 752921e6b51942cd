# duplicate-name: two networks, two containers, or two host interfaces
# (parents, vlans and shims share one namespace) with the same name.

parent eth1
parent eth1                                  #! duplicate-name

vlan 10 on eth2
vlan eth2.10 { parent eth2; id 10 }          #! duplicate-name
vlan 11 on eth2                              # near miss: another id, another name

network lan {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
}
network lan { internal }                     #! duplicate-name

network guests {
  parent eth2.10
  subnet 10.2.0.0/24 gateway 10.2.0.1
}

# near miss: networks and interfaces are separate namespaces
network eth2.11 {
  parent eth2.11
  subnet 10.3.0.0/24 gateway 10.3.0.1
}

shim lan {                                   # near miss: a shim named like a network
  network lan
  address 10.1.0.250/32
}
shim eth2.10 {                               #! duplicate-name
  network guests
  address 10.2.0.250/32
}
shim eth1 { network lan; address 10.1.0.251/32 }   #! duplicate-name

container lan {                              # near miss: a container named like a network
  image "alpine:3.20"
  network lan ip 10.1.0.10
}
container web {
  image "nginx:1.27-alpine"
  network guests ip 10.2.0.10
}
container app {
  image "alpine:3.20"
  network eth2.11 ip 10.3.0.10
}
container web {                              #! duplicate-name
  image "nginx:1.27-alpine"
  network guests ip 10.2.0.11
}

# Two networks that would be one Docker network.
network dupa { parent ethz1; subnet 10.250.5.0/24 gateway 10.250.5.1; name "fixture_dupb" }
network dupb { parent ethz2; subnet 10.250.6.0/24 gateway 10.250.6.1 }   #! duplicate-name
container dupc { image alpine; network dupa ip 10.250.5.10; network dupb ip 10.250.6.10; gateway dupa }
