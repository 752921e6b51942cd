project bom
network lan {
  parent eth1
  subnet 10.0.0.0/24 gateway 10.0.0.1
}
