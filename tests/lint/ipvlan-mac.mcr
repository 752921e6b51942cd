# ipvlan-mac: a MAC on an ipvlan endpoint. Near miss: on macvlan.

network wifi { driver ipvlan; parent wlan0; subnet 10.7.0.0/24 gateway 10.7.0.1 }
network lan { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
container a { image "alpine:3.20"; network wifi ip 10.7.0.10 mac 02:42:0a:07:00:0a }   #! ipvlan-mac
container b { image "alpine:3.20"; network lan ip 10.1.0.10 mac 02:42:0a:01:00:0a }
