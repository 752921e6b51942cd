project lab
parent eth0
parent eth1
vlan 10 on eth1
network uplink { parent eth0; mode passthru; subnet 192.168.1.0/24 gateway 192.168.1.1 }
network lan { parent eth1.10; subnet 10.1.0.0/24 gateway 10.1.0.1 }
shim lab-shim { network lan; address 10.1.0.5/32; route 10.1.0.0/28 }
container web { image "nginx:1"; network lan ip 10.1.0.11 }
