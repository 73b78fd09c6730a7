from qifutong.cli import main

main()
