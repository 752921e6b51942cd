project lab
vlan 10 on eth1
network lan { parent eth1.10; subnet 10.1.0.0/24 gateway 10.1.0.1 }
network dmz { parent eth2; subnet 10.2.0.0/24 gateway 10.2.0.1 }
shim lab-shim { network lan; address 10.1.0.250/32; route 10.1.0.0/28 }
container db { image "postgres:16"; network lan ip 10.1.0.10 }
container web { image "nginx:1"; network lan ip 10.1.0.11; network dmz ip 10.2.0.11; gateway dmz; depends-on db }
