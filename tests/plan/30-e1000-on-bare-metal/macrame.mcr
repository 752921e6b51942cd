project lab
parent ens1
network lan { parent ens1; subnet 10.2.0.0/24 gateway 10.2.0.1 }
container b { image "nginx:1"; network lan ip 10.2.0.10 }
