# shim-incomplete: a shim without a network, without an address, or with
# neither (empty block, no block). A complete shim, one-line or block, is
# a near miss.

network lan {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
}

shim s1 {                                    #! shim-incomplete
  address 10.1.0.251/32
}
shim s2 { network lan }                      #! shim-incomplete
shim s3 { route 10.1.0.128/25 }              #! shim-incomplete
shim s4 {}                                   #! shim-incomplete
shim s5                                      #! shim-incomplete

shim ok1 { network lan; address 10.1.0.250/32 }
shim ok2 {
  network lan
  address 10.1.0.249
  route 10.1.0.128/25
}

container web { image "nginx:1.27-alpine"; network lan ip 10.1.0.10 }
