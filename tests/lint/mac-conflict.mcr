# mac-conflict: two endpoints on one parent share a MAC: on one network,
# written in another case, on two networks on one parent (which also
# warns parent-shared), on an internal network without a parent. The
# same MAC on different parents (a vlan is another parent) or on two
# parentless networks is a near miss.

vlan 10 on eth1

network a {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
}
network b {
  parent eth2
  subnet 10.2.0.0/24 gateway 10.2.0.1
}
network v {
  parent eth1.10
  subnet 10.10.0.0/24 gateway 10.10.0.1
}
network a2 {
  parent eth1                                #! parent-shared
  subnet 10.3.0.0/24 gateway 10.3.0.1
}
network i1 { internal; subnet 172.30.1.0/24 }
network i2 { internal; subnet 172.30.2.0/24 }

container a1 { image "alpine:3.20"; network a ip 10.1.0.11 mac 02:42:0a:01:00:0b }
container a2 { image "alpine:3.20"; network a ip 10.1.0.12 mac 02:42:0a:01:00:0b }   #! mac-conflict
container a3 { image "alpine:3.20"; network a ip 10.1.0.13 mac 02:42:0A:01:00:0B }   #! mac-conflict
container a4 { image "alpine:3.20"; network a2 ip 10.3.0.14 mac 02:42:0a:01:00:0b }  #! mac-conflict
container i1a { image "alpine:3.20"; network i1 mac 02:42:ac:1e:01:0a }
container i1b { image "alpine:3.20"; network i1 mac 02:42:ac:1e:01:0a }            #! mac-conflict

container ok1 { image "alpine:3.20"; network b ip 10.2.0.11 mac 02:42:0a:01:00:0b }
container ok2 { image "alpine:3.20"; network v ip 10.10.0.11 mac 02:42:0a:01:00:0b }
container ok3 { image "alpine:3.20"; network i2 mac 02:42:ac:1e:01:0a }
