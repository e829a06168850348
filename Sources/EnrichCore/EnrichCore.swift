public enum EnrichCore {}
