mod support;

mod registration;
