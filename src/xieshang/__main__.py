from xieshang.cli.app import main

main()
