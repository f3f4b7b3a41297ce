/// The demo sweep behind `mocache demo`.
enum DemoPlaceholder {}
